package cpu

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"github.com/kernreg/kernreg/internal/npmath"
)

// Global thresholds of scikit-image 0.19 (skimage.filters.threshold_*). Each computes one
// threshold t over the whole array (a volume uses one histogram, never one per slice)
// with skimage's float32 arithmetic step for step, and returns image > t as float32 0/1.
// The histogram ones share skimage.exposure.histogram (see skHistogram).

// HistogramThresholdParams are the parameters of the histogram-based thresholds (Yen,
// isodata, triangle).
type HistogramThresholdParams struct {
	// Number of histogram bins the threshold is chosen from.
	Nbins int `default:"256" min:"2" max:"16777216"`
}

// LiParams are the parameters of ThresholdLi.
type LiParams struct {
	// Stop when the threshold changes by at most this much in an iteration; 0 means
	// skimage's default, half the smallest difference between two distinct pixel values.
	Tolerance float64 `default:"0" min:"0"`
}

// MinimumThresholdParams are the parameters of ThresholdMinimum.
type MinimumThresholdParams struct {
	// Number of histogram bins the threshold is chosen from.
	Nbins int `default:"256" min:"2" max:"16777216"`
	// Most smoothing iterations before giving up.
	MaxNumIter int `default:"10000" min:"1" max:"1000000"`
}

// MultiOtsuParams are the parameters of ThresholdMultiotsu.
type MultiOtsuParams struct {
	// Number of classes, so classes-1 thresholds.
	Classes int `default:"3" min:"2" max:"32"`
	// Number of histogram bins the thresholds are chosen from.
	Nbins int `default:"256" min:"2" max:"4096"`
}

// ThresholdLi returns image > t (float32 0/1) for t = skimage.filters.threshold_li(image,
// tolerance) of scikit-image 0.19, Li's minimum cross entropy threshold of the whole
// array.
//
// t is computed with skimage's float32 arithmetic. NaN pixels are ignored (all NaN: t is NaN and the result all 0); an image whose
// remaining pixels all equal the first has t equal to it; infinities are then dropped
// (if none is left, t is 0). The finite values are shifted by their minimum; from
// t = their mean, t' = (mb - mf) / (log mb - log mf) with mf, mb the means of the
// values above and not above t is iterated while |t' - t| > tolerance. Means are numpy's
// float32 pairwise sums and log is numpy's float32 log, so t is skimage's to the bit.
// With tolerance 0, an image whose finite values are all equal is an error (skimage
// fails on it too).
//
//kernreg:op name=threshold_li tags=threshold,segmentation ref=skimage.filters.threshold_li slices=coupled
func ThresholdLi(dst, image Array, p LiParams) error {
	const op = "threshold_li"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if p.Tolerance < 0 || math.IsNaN(p.Tolerance) {
		return fmt.Errorf("%s: tolerance must be >= 0, got %v", op, p.Tolerance)
	}
	if len(image.Data) == 0 {
		return nil
	}
	t, err := liThreshold(image.Data, p.Tolerance)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	thresholdInto(dst.Data, image.Data, t)
	return nil
}

// liThreshold is skimage.filters.threshold_li(data, tolerance=tol or None) for float32
// data.
func liThreshold(data []float32, tol float64) (float32, error) {
	first := -1
	for i, v := range data {
		if v == v {
			first = i
			break
		}
	}
	if first < 0 {
		return float32(math.NaN()), nil
	}
	// The pixels equal to the first non-NaN one (np.all(image == image.flat[0])), and the
	// finite ones, shifted by their minimum, in order.
	ref := data[first]
	allSame := true
	for _, v := range data[first:] {
		if v == v && v != ref {
			allSame = false
			break
		}
	}
	if allSame {
		return ref, nil
	}
	isFinite := func(v float32) bool { return v-v == 0 } // false for NaN and ±Inf
	finite := make([]float32, len(data))
	n := compactFloats(finite, data, isFinite)
	finite = finite[:n]
	if n == 0 {
		return 0, nil // both infinities and nothing else
	}
	lo, _ := minMax32(finite)
	parallel(n, 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			finite[i] -= lo
		}
	})
	if tol == 0 {
		sorted := append([]float32(nil), finite...)
		radixSort32(sorted)
		diff := float32(math.Inf(1))
		for i := 1; i < len(sorted); i++ {
			if d := sorted[i] - sorted[i-1]; d > 0 && d < diff {
				diff = d
			}
		}
		var err error
		if tol, err = liTolerance(diff); err != nil {
			return 0, err
		}
	}
	sp := newSplitter(n)
	t, err := liIterate(npmath.Mean32(finite), tol, func(t float32) (mf, mb float32, err error) {
		fore, back := sp.split(finite, t)
		return npmath.MeanSegments(fore), npmath.MeanSegments(back), nil
	})
	return t + lo, err
}

// liTolerance is threshold_li's default tolerance: half the smallest positive difference
// between two sorted finite values (shifted by their minimum), +Inf when there is none.
func liTolerance(diff float32) (float64, error) {
	if math.IsInf(float64(diff), 1) {
		return 0, errors.New("the finite pixels all have one value, so there is no smallest difference " +
			"between values to take the tolerance from (skimage fails too); give a tolerance")
	}
	return float64(diff) / 2, nil
}

// liIterate is threshold_li's iteration on the shifted finite values: from their mean
// t0, t' = (mb - mf) / (log mb - log mf) with means(t) the numpy means of the values
// above t and of the others, while |t' - t| > tol; it returns the last t'.
func liIterate(t0 float32, tol float64, means func(t float32) (mf, mb float32, err error)) (float32, error) {
	tNext := t0
	// The first comparison is in float64 (t_curr is a Python float), later ones in
	// float32 (both are numpy float32 scalars).
	tCurr := float32(0)
	for iter := 0; ; iter++ {
		if iter == 0 {
			if !(math.Abs(float64(tNext)-(-2*tol)) > tol) {
				break
			}
		} else if d := tNext - tCurr; !(float64(float32(math.Abs(float64(d)))) > tol) {
			break
		}
		tCurr = tNext
		mf, mb, err := means(tCurr)
		if err != nil {
			return 0, err
		}
		tNext = (mb - mf) / (npmath.Log32(mb) - npmath.Log32(mf))
	}
	return tNext, nil
}

// splitChunks returns the chunk count for an order-preserving parallel split of n items:
// one per core, each at least 64K items.
func splitChunks(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n>>16))
}

// compactFloats writes the values of src for which keep holds into dst, in order, and
// returns their number.
func compactFloats(dst, src []float32, keep func(float32) bool) int {
	c := splitChunks(len(src))
	chunk := (len(src) + c - 1) / c
	counts := make([]int, c+1)
	parallel(c, 1, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			m := 0
			for _, v := range src[k*chunk : min((k+1)*chunk, len(src))] {
				if keep(v) {
					m++
				}
			}
			counts[k+1] = m
		}
	})
	for k := 1; k <= c; k++ {
		counts[k] += counts[k-1]
	}
	parallel(c, 1, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			o := counts[k]
			for _, v := range src[k*chunk : min((k+1)*chunk, len(src))] {
				if keep(v) {
					dst[o] = v
					o++
				}
			}
		}
	})
	return counts[c]
}

// splitter splits a float32 array by a threshold into the values above it and the
// others, each in order, as per-chunk segments (their concatenation is the compacted
// array; npmath.MeanSegments takes its numpy mean without building it).
type splitter struct {
	chunk, chunks int
	fore, back    []float32 // chunk k's values start at k*(chunk+1)
}

func newSplitter(n int) *splitter {
	c := splitChunks(n)
	chunk := (n + c - 1) / c
	return &splitter{chunk: chunk, chunks: c, fore: make([]float32, c*(chunk+1)), back: make([]float32, c*(chunk+1))}
}

// split returns the segments of src's values > t and of the others. Each value is
// written to both regions and the position of the one it belongs to advances: no
// branch on the (unpredictable) comparison. The region of a chunk has one spare slot
// for the write past its last value.
func (s *splitter) split(src []float32, t float32) (fore, back [][]float32) {
	fore, back = make([][]float32, s.chunks), make([][]float32, s.chunks)
	parallel(s.chunks, 1, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			part := src[min(k*s.chunk, len(src)):min((k+1)*s.chunk, len(src))]
			base := k * (s.chunk + 1)
			fr, br := s.fore[base:base+len(part)+1], s.back[base:base+len(part)+1]
			f, b := 0, 0
			for _, v := range part {
				x := bitInt(v > t)
				fr[f], br[b] = v, v
				f += x
				b += 1 - x
			}
			fore[k], back[k] = fr[:f], br[:b]
		}
	})
	return fore, back
}

func bitInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ThresholdYen returns image > t (float32 0/1) for t = skimage.filters.threshold_yen(image,
// nbins) of scikit-image 0.19, Yen's threshold of the whole array.
//
// t is the bin centre maximising Yen's criterion log(1/(P1²(k)·P2²(k+1)) · (P1(k)(1-P1(k)))²)
// with P1 the cumulative probability, P1² and P2² the cumulative sums of squared
// probabilities from below and above, all in float32 as skimage (numpy's float32 log;
// ties and NaN go to the first bin, as np.argmax). The histogram is skimage's (see
// ThresholdIsodata); an image with NaN or infinite values is an error, as in skimage.
//
//kernreg:op name=threshold_yen tags=threshold,segmentation ref=skimage.filters.threshold_yen slices=coupled
func ThresholdYen(dst, image Array, p HistogramThresholdParams) error {
	return histogramThreshold("threshold_yen", dst, image, p.Nbins, yenThreshold)
}

func yenThreshold(counts []int64, centres []float32) (float32, error) {
	n := len(counts)
	var total float64
	for _, c := range counts {
		total += float64(c)
	}
	sum := float32(total)
	pmf := make([]float32, n)
	for i, c := range counts {
		pmf[i] = float32(c) / sum
	}
	p1 := make([]float32, n)
	p1sq := make([]float32, n)
	p2sq := make([]float32, n)
	var a, b float32
	for i, v := range pmf {
		a += v
		b += float32(v * v)
		p1[i], p1sq[i] = a, b
	}
	b = 0
	for i := n - 1; i >= 0; i-- {
		b += float32(pmf[i] * pmf[i])
		p2sq[i] = b
	}
	best, bestCrit := 0, float32(math.Inf(-1))
	for k := 0; k < n-1; k++ {
		r := 1 / float32(p1sq[k]*p2sq[k+1])
		q := float32(p1[k] * (1 - p1[k]))
		crit := npmath.Log32(float32(r * float32(q*q)))
		if argmaxBetter(crit, bestCrit, k == 0) {
			best, bestCrit = k, crit
		}
	}
	return centres[best], nil
}

// argmaxBetter reports whether v replaces the running maximum cur of np.argmax: the
// first maximum wins, and the first NaN beats everything.
func argmaxBetter(v, cur float32, first bool) bool {
	if first {
		return true
	}
	if cur != cur {
		return false
	}
	return v != v || v > cur
}

// ThresholdIsodata returns image > t (float32 0/1) for t =
// skimage.filters.threshold_isodata(image, nbins) of scikit-image 0.19, the
// Ridler-Calvard (ISODATA) threshold of the whole array.
//
// t is the lowest bin centre c[k] with 0 <= (l(k) + h(k))/2 - c[k] < c[1] - c[0], where
// l(k) and h(k) are the mean intensities of bins <= k and > k (float32 cumulative sums,
// as skimage). The histogram is skimage.exposure.histogram's: numpy's nbins equal bins
// between the image minimum and maximum (for a constant image, between value-0.5 and
// value+0.5) with float32 edges, and float32 bin centres. No such bin (a constant image,
// for one) is an error, as is an image with NaN or infinite values; skimage raises on
// both.
//
//kernreg:op name=threshold_isodata tags=threshold,segmentation ref=skimage.filters.threshold_isodata slices=coupled
func ThresholdIsodata(dst, image Array, p HistogramThresholdParams) error {
	return histogramThreshold("threshold_isodata", dst, image, p.Nbins, isodataThreshold)
}

func isodataThreshold(counts []int64, centres []float32) (float32, error) {
	n := len(counts)
	csuml := make([]float32, n)
	csumi := make([]float32, n)
	var a, b float32
	for i, c := range counts {
		c32 := float32(c)
		a += c32
		b += float32(c32 * centres[i])
		csuml[i], csumi[i] = a, b
	}
	width := centres[1] - centres[0]
	for k := 0; k < n-1; k++ {
		lower := csumi[k] / csuml[k]
		higher := (csumi[n-1] - csumi[k]) / (csuml[n-1] - csuml[k])
		d := (lower+higher)/2 - centres[k]
		if d >= 0 && d < width {
			return centres[k], nil
		}
	}
	return 0, errors.New("no bin centre is midway between the means below and above it " +
		"(skimage raises IndexError); a constant image has none")
}

// ThresholdTriangle returns image > t (float32 0/1) for t =
// skimage.filters.threshold_triangle(image, nbins) of scikit-image 0.19, the triangle
// threshold of the whole array's histogram.
//
// The line from the histogram peak to the far end of the longer tail is drawn,
// and t is the centre of the bin farthest below it (float64 distances as skimage,
// first maximum). The histogram is skimage's (see ThresholdIsodata). An image whose
// histogram has one occupied bin (a constant image) is an error, as is one with NaN or
// infinite values; skimage raises on both.
//
//kernreg:op name=threshold_triangle tags=threshold,segmentation ref=skimage.filters.threshold_triangle slices=coupled
func ThresholdTriangle(dst, image Array, p HistogramThresholdParams) error {
	return histogramThreshold("threshold_triangle", dst, image, p.Nbins, triangleThreshold)
}

func triangleThreshold(counts []int64, centres []float32) (float32, error) {
	n := len(counts)
	peak := 0
	for i, c := range counts {
		if c > counts[peak] {
			peak = i
		}
	}
	low, high := -1, -1
	for i, c := range counts {
		if c > 0 {
			if low < 0 {
				low = i
			}
			high = i
		}
	}
	height := counts[peak]
	hist := counts
	flip := peak-low < high-peak
	if flip {
		hist = make([]int64, n)
		for i, c := range counts {
			hist[n-1-i] = c
		}
		low = n - high - 1
		peak = n - peak - 1
	}
	width := int64(peak - low)
	if width == 0 {
		return 0, errors.New("the histogram has a single occupied bin, so there is no tail to draw the " +
			"triangle to (skimage raises too); a constant image has one")
	}
	norm := math.Sqrt(float64(height*height + width*width))
	h, w := float64(height)/norm, float64(width)/norm
	best, bestLen := 0, math.Inf(-1)
	for x := int64(0); x < width; x++ {
		l := float64(h*float64(x)) - float64(w*float64(hist[int(x)+low]))
		if l > bestLen {
			best, bestLen = int(x), l
		}
	}
	level := best + low
	if flip {
		level = n - level - 1
	}
	return centres[level], nil
}

// ThresholdMean returns image > t (float32 0/1) for t = skimage.filters.threshold_mean(image),
// the mean of the whole array.
//
// t is np.mean's float32 value: numpy's float32 pairwise sum divided by the pixel count and rounded to float32. NaN anywhere makes t
// NaN and the result all 0.
//
//kernreg:op name=threshold_mean tags=threshold,segmentation ref=skimage.filters.threshold_mean slices=coupled
func ThresholdMean(dst, image Array) error {
	const op = "threshold_mean"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	thresholdInto(dst.Data, image.Data, npmath.Mean32(image.Data))
	return nil
}

// ThresholdMinimum returns image > t (float32 0/1) for t =
// skimage.filters.threshold_minimum(image, nbins, max_num_iter) of scikit-image 0.19,
// the minimum between the two peaks of the whole array's smoothed histogram.
//
// The histogram is smoothed with scipy's uniform_filter1d(size=3,
// mode=reflect) until it has at most two local maxima (plateau-aware, as skimage), and
// t is the centre of the lowest bin between the two (the first, on ties). A histogram
// that does not end with exactly two maxima is an error ("unable to find two maxima"),
// as is reaching max_num_iter smoothing steps and an image with NaN or infinite values:
// skimage raises on all three. The histogram is skimage's (see ThresholdIsodata).
//
//kernreg:op name=threshold_minimum tags=threshold,segmentation ref=skimage.filters.threshold_minimum slices=coupled
func ThresholdMinimum(dst, image Array, p MinimumThresholdParams) error {
	const op = "threshold_minimum"
	if err := checkMinimumParams(op, p); err != nil {
		return err
	}
	return histogramThreshold(op, dst, image, p.Nbins, func(counts []int64, centres []float32) (float32, error) {
		return minimumThreshold(counts, centres, p.MaxNumIter)
	})
}

// checkMinimumParams checks ThresholdMinimum's parameters other than nbins.
func checkMinimumParams(op string, p MinimumThresholdParams) error {
	if p.MaxNumIter < 1 {
		return fmt.Errorf("%s: max_num_iter must be >= 1, got %d", op, p.MaxNumIter)
	}
	return nil
}

func minimumThreshold(counts []int64, centres []float32, maxIter int) (float32, error) {
	n := len(counts)
	smooth := make([]float64, n)
	for i, c := range counts {
		smooth[i] = float64(c)
	}
	next := make([]float64, n)
	var maxima []int
	counter := 0 // Python's loop variable: the last iteration run
	for i := 0; i < maxIter; i++ {
		counter = i
		uniform3Reflect(next, smooth)
		smooth, next = next, smooth
		maxima = localMaximaIdx(maxima[:0], smooth)
		if len(maxima) < 3 {
			break
		}
	}
	switch {
	case len(maxima) != 2:
		return 0, fmt.Errorf("unable to find two maxima in the histogram (found %d after %d smoothing steps; "+
			"skimage raises too)", len(maxima), counter+1)
	case counter == maxIter-1:
		return 0, fmt.Errorf("reached max_num_iter (%d) smoothing steps (skimage raises too)", maxIter)
	}
	best := maxima[0]
	for i := maxima[0]; i <= maxima[1]; i++ {
		if smooth[i] < smooth[best] {
			best = i
		}
	}
	return centres[best], nil
}

// uniform3Reflect is scipy.ndimage.uniform_filter1d(src, 3, mode='reflect') on float64
// data with scipy 1.10's arithmetic: a running sum (the first window summed in order,
// then each step adding in - out) divided by 3 at every output.
func uniform3Reflect(dst, src []float64) {
	n := len(src)
	at := func(i int) float64 { return src[Reflect.index(i, n)] }
	tmp := 0.0
	for i := -1; i <= 1; i++ {
		tmp += at(i)
	}
	dst[0] = tmp / 3
	for i := 1; i < n; i++ {
		tmp += at(i+1) - at(i-2)
		dst[i] = tmp / 3
	}
}

// localMaximaIdx is threshold_minimum's find_local_maxima_idx: walking up and down the
// histogram, the index where each rise turns into a fall (the first of a plateau).
func localMaximaIdx(out []int, h []float64) []int {
	up := true
	for i := 0; i < len(h)-1; i++ {
		if up {
			if h[i+1] < h[i] {
				up = false
				out = append(out, i)
			}
		} else if h[i+1] > h[i] {
			up = true
		}
	}
	return out
}

// ThresholdMultiotsu labels each pixel with its class 0..classes-1 under the multi-Otsu
// thresholds of the whole array, skimage.filters.threshold_multiotsu(image, classes,
// nbins) of scikit-image 0.19.
//
// The label is np.digitize(image, thresholds), the number of thresholds <= the pixel. The thresholds are the bin centres maximising
// the between-class variance, found by skimage's exhaustive search over its float32
// lookup table (same sums, same order, the first maximum). An image with fewer distinct
// histogram bins than classes is an error, as is one with NaN or infinite values
// (skimage raises on both); with exactly classes occupied bins the thresholds are the
// first classes-1 of them. The search visits C(nbins-1, classes-1) combinations; more
// than 10^9 is refused.
//
//kernreg:op name=threshold_multiotsu tags=threshold,segmentation ref=skimage.filters.threshold_multiotsu slices=coupled
func ThresholdMultiotsu(dst LabelArray, image Array, p MultiOtsuParams) error {
	const op = "threshold_multiotsu"
	if err := checkDims(op, image.Shape, len(image.Data), dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if err := checkMultiotsuParams(op, p); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	counts, centres, err := skHistogram(image.Data, p.Nbins)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	thr, err := multiotsuThresholds(counts, centres, p.Classes)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	parallel(len(image.Data), 1<<15, func(lo, hi int) {
		for i, v := range image.Data[lo:hi] {
			var c uint32
			for _, t := range thr {
				if t <= v {
					c++
				}
			}
			dst.Data[lo+i] = c
		}
	})
	return nil
}

// checkMultiotsuParams checks ThresholdMultiotsu's parameters.
func checkMultiotsuParams(op string, p MultiOtsuParams) error {
	if p.Nbins < 2 || p.Nbins > 4096 {
		return fmt.Errorf("%s: nbins must be in [2, 4096], got %d", op, p.Nbins)
	}
	if p.Classes < 2 || p.Classes > 32 {
		return fmt.Errorf("%s: classes must be in [2, 32], got %d", op, p.Classes)
	}
	if c := binomialCount(p.Nbins-1, p.Classes-1); c > 1e9 {
		return fmt.Errorf("%s: %d classes over %d bins means %.3g threshold combinations to try; "+
			"use fewer classes or bins (at most 1e9)", op, p.Classes, p.Nbins, c)
	}
	return nil
}

// multiotsuThresholds returns the classes-1 thresholds (bin centres) of
// ThresholdMultiotsu, in increasing order, from skimage's histogram.
func multiotsuThresholds(counts []int64, centres []float32, classes int) ([]float32, error) {
	idx, err := multiotsuIndices(counts, classes)
	if err != nil {
		return nil, err
	}
	thr := make([]float32, len(idx))
	for i, k := range idx {
		thr[i] = centres[k]
	}
	return thr, nil
}

// binomial returns C(n, k) as a float64 (an estimate once it passes 2^53).
func binomialCount(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
	}
	return c
}

// multiotsuIndices is skimage's threshold index search (_multiotsu.pyx,
// _get_multiotsu_thresh_indices_lut) on the histogram normalised to float32
// probabilities.
func multiotsuIndices(counts []int64, classes int) ([]int, error) {
	nbins := len(counts)
	var total int64
	for _, c := range counts {
		total += c
	}
	prob := make([]float32, nbins)
	nvalues := 0
	for i, c := range counts {
		prob[i] = float32(float64(c) / float64(total))
		if prob[i] != 0 {
			nvalues++
		}
	}
	k := classes - 1
	switch {
	case nvalues < classes:
		return nil, fmt.Errorf("the image has only %d distinct histogram bins, so it cannot be split into %d classes "+
			"(skimage raises too)", nvalues, classes)
	case nvalues == classes:
		var idx []int
		for i, v := range prob {
			if v > 0 && len(idx) < k {
				idx = append(idx, i)
			}
		}
		return idx, nil
	}
	// The lookup table of between-class variances, as _set_var_btwcls_lut builds it
	// (including its quirks: the (0, 0) entry stays 0 and the first moment starts at
	// prob[0]).
	lut := make([]float32, nbins*(nbins+1)/2)
	zeroth := make([]float32, nbins)
	first := make([]float32, nbins)
	zeroth[0], first[0] = prob[0], prob[0]
	for i := 1; i < nbins; i++ {
		zeroth[i] = zeroth[i-1] + prob[i]
		first[i] = first[i-1] + float32(float32(i)*prob[i])
		if zeroth[i] > 0 {
			lut[i] = float32(first[i]*first[i]) / zeroth[i]
		}
	}
	idx := nbins
	for i := 1; i < nbins; i++ {
		for j := i; j < nbins; j++ {
			if z := zeroth[j] - zeroth[i-1]; z > 0 {
				f := first[j] - first[i-1]
				lut[idx] = float32(f*f) / z
			}
			idx++
		}
	}
	get := func(i, j int) float32 { return lut[(i*(2*nbins-i+1))/2+j-i] }
	cur := make([]int, k)
	best := make([]int, k)
	for i := range best {
		best[i] = i
	}
	var sigmaMax float32
	var search func(hist, t int)
	search = func(hist, t int) {
		if t < k {
			for i := hist; i < nbins-k+t; i++ {
				cur[t] = i
				search(i+1, t+1)
			}
			return
		}
		sigma := get(0, cur[0]) + get(cur[k-1]+1, nbins-1)
		for i := 0; i < k-1; i++ {
			sigma += get(cur[i]+1, cur[i+1])
		}
		if sigma > sigmaMax {
			sigmaMax = sigma
			copy(best, cur)
		}
	}
	search(0, 0)
	return best, nil
}

// histogramThreshold runs a histogram-based threshold: skimage's histogram of the whole
// array, the threshold from it, and image > t into dst.
func histogramThreshold(op string, dst, image Array, nbins int, pick func([]int64, []float32) (float32, error)) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkNbins(op, nbins); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	counts, centres, err := skHistogram(image.Data, nbins)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	t, err := pick(counts, centres)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	thresholdInto(dst.Data, image.Data, t)
	return nil
}

// checkNbins checks the bin count of a histogram threshold.
func checkNbins(op string, nbins int) error {
	if nbins < 2 || nbins > 1<<24 {
		return fmt.Errorf("%s: nbins must be in [2, 16777216], got %d", op, nbins)
	}
	return nil
}

// skHistogram is skimage.exposure.histogram(data, nbins, source_range='image') for a
// float32 image (see histogramOf).
func skHistogram(data []float32, nbins int) ([]int64, []float32, error) {
	lo, hi, _ := rangeOf(data)
	return histogramOf(lo, hi, len(data), nbins, func(edges []float32) ([]int64, error) {
		return histogramCounts(data, edges), nil
	})
}

// histogramOf is skimage.exposure.histogram(data, nbins, source_range='image') of n
// float32 values whose range is [lo, hi] (NaN if any value is NaN), binned by count
// (histogramCounts' arithmetic): np.histogram's counts over nbins equal bins from the
// minimum to the maximum (value-0.5 to value+0.5 when all values are equal; count is not
// called then) with float32 edges, and the float32 bin centres (e[k]+e[k+1])/2. NaN or
// infinite values are an error: np.histogram cannot make a finite range of them.
func histogramOf(lo, hi float32, n, nbins int, count func(edges []float32) ([]int64, error)) ([]int64, []float32, error) {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) || math.IsInf(float64(lo), 0) || math.IsInf(float64(hi), 0) {
		return nil, nil, fmt.Errorf("the image contains NaN or infinite values; its range [%v, %v] is not finite, "+
			"so no histogram can be made (skimage raises too)", lo, hi)
	}
	var (
		edges  []float32
		counts []int64
	)
	if lo == hi {
		// numpy widens an empty range to [v-0.5, v+0.5] in float64 and bins every pixel
		// by the same float32 index arithmetic as histogramCounts.
		first, last := float64(lo)-0.5, float64(lo)+0.5
		edges = linspaceEdges64(first, last, nbins)
		k := int(float32(lo-float32(first)) * float32(float64(nbins)/(last-first)))
		if k >= nbins {
			k = nbins - 1
		}
		if lo < edges[k] {
			k--
		}
		if k != nbins-1 && lo >= edges[k+1] {
			k++
		}
		counts = make([]int64, nbins)
		counts[k] = int64(n)
	} else {
		edges = linspaceEdges(lo, hi, nbins)
		var err error
		if counts, err = count(edges); err != nil {
			return nil, nil, err
		}
	}
	centres := make([]float32, nbins)
	for k := range centres {
		centres[k] = (edges[k] + edges[k+1]) / 2
	}
	return counts, centres, nil
}

// linspaceEdges64 is linspaceEdges for float64 end points (numpy's widened range of a
// constant image): np.linspace in float64, the last edge exactly stop, rounded to
// float32.
func linspaceEdges64(start, stop float64, nbins int) []float32 {
	step := (stop - start) / float64(nbins)
	edges := make([]float32, nbins+1)
	for i := range edges {
		edges[i] = float32(float64(float64(i)*step) + start)
	}
	edges[nbins] = float32(stop)
	return edges
}

// binarize writes src > t as float32 0/1 into dst (NaN pixels give 0).
func thresholdInto(dst, src []float32, t float32) {
	parallel(len(src), 1<<16, func(lo, hi int) {
		out := dst[lo:hi]
		for i, v := range src[lo:hi] {
			var b uint32 // branch-free: a conditional move
			if v > t {
				b = 0x3f800000 // 1.0
			}
			out[i] = math.Float32frombits(b)
		}
	})
}
