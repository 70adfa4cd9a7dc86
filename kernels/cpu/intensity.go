package cpu

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// This file holds skimage.exposure's intensity transforms for float images. skimage
// computes them in the image's float32 precision (numpy casts the Python scalars to
// float32), and so do these kernels, operation by operation.

// dtypeRanges are skimage's DTYPE_RANGE entries usable as an intensity range, and
// whether a result in that range is cast to integers.
var dtypeRanges = map[string]struct {
	lo, hi  float64
	integer bool
}{
	"uint8": {0, 255, true}, "uint10": {0, 1023, true}, "uint12": {0, 4095, true},
	"uint14": {0, 16383, true}, "uint16": {0, 65535, true}, "uint32": {0, 4294967295, true},
	"int8": {-128, 127, true}, "int16": {-32768, 32767, true}, "int32": {-2147483648, 2147483647, true},
	"float32": {-1, 1, false}, "float64": {-1, 1, false},
}

// IntensityRange is skimage's intensity_range for a float32 image: "image" (its min
// and max from imageRange, NaN if it holds one), "dtype" (float32: -1, 1), a dtype name,
// or "min,max". With clipNegative a dtype range starts at 0. integer reports a dtype name
// of integer kind. kernels/gpu passes a device reduction as imageRange.
func IntensityRange(op, name, s string, imageRange func() (lo, hi float32, err error), clipNegative bool) (lo, hi float64, integer bool, err error) {
	switch s {
	case "image":
		l, h, err := imageRange()
		return float64(l), float64(h), false, err
	case "dtype":
		s = "float32"
	}
	if r, ok := dtypeRanges[s]; ok {
		lo = r.lo
		if clipNegative {
			lo = 0
		}
		return lo, r.hi, r.integer, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) == 2 {
		lo, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		hi, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		if err1 == nil && err2 == nil {
			return lo, hi, false, nil
		}
	}
	return 0, 0, false, fmt.Errorf(`%s: %s must be "image", "dtype", a dtype name (uint8, uint10, uint12, uint14, uint16, uint32, int8, int16, int32, float32, float64) or "min,max", got %q`, op, name, s)
}

// RescaleIntensityParams are the parameters of RescaleIntensity.
type RescaleIntensityParams struct {
	// Input range: "image" (the image's min and max), "dtype" (float32: -1, 1), a dtype name such as uint8 or uint12, or "min,max".
	InRange string `default:"image"`
	// Output range, as in_range; "dtype" is (0, 1) when the input range is non-negative, else (-1, 1), and an integer dtype name truncates the results to integers as the cast to that dtype does.
	OutRange string `default:"dtype"`
}

// RescaleIntensity stretches or shrinks intensities linearly from in_range to
// out_range as skimage.exposure.rescale_intensity does on a float32 image. Values are
// clipped to [imin, imax], then (v - imin)/(imax - imin)*(omax - omin) + omin in float32;
// when imin == imax the values are only clipped to [omin, omax]. A NaN in the image with
// in_range "image" makes every result NaN, as in skimage.
//
//kernreg:op name=rescale_intensity tags=intensity,exposure ref=skimage.exposure.rescale_intensity slices=coupled
func RescaleIntensity(dst, image Array, p RescaleIntensityParams) error {
	const op = "rescale_intensity"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	imageRange := func() (float32, float32, error) {
		lo, hi := minMax(image.Data)
		return lo, hi, nil
	}
	imin, imax, _, err := IntensityRange(op, "in_range", p.InRange, imageRange, false)
	if err != nil {
		return err
	}
	omin, omax, integer, err := IntensityRange(op, "out_range", p.OutRange, imageRange, imin >= 0)
	if err != nil {
		return err
	}
	rescaleIntensity(dst.Data, image.Data, imin, imax, omin, omax, integer)
	return nil
}

// IntensityRescale holds the float32 constants of skimage's rescale_intensity arithmetic, as
// NewIntensityRescale derives them from the float64 ranges; kernels/gpu applies the same ones.
type IntensityRescale struct {
	Lo, Hi      float32 // the clip bounds: [imin, imax], or [omin, omax] when imin == imax
	Span, OSpan float32 // imax - imin and omax - omin, rounded once
	Off         float32 // omin
	Stretch     bool    // imin != imax: clip, then (v - Lo)/Span*OSpan + Off
	Integer     bool    // truncate the results to integers
}

// NewIntensityRescale returns the constants of a rescale from [imin, imax] to [omin, omax].
func NewIntensityRescale(imin, imax, omin, omax float64, integer bool) IntensityRescale {
	r := IntensityRescale{Lo: float32(imin), Hi: float32(imax), Span: float32(imax - imin), OSpan: float32(omax - omin),
		Off: float32(omin), Stretch: imin != imax, Integer: integer}
	if !r.Stretch {
		r.Lo, r.Hi = float32(omin), float32(omax)
	}
	return r
}

// Apply rescales one value, in float32 (Go's min and max: a NaN propagates).
func (r IntensityRescale) Apply(v float32) float32 {
	v = min(max(v, r.Lo), r.Hi)
	if r.Stretch {
		v = (v - r.Lo) / r.Span
		v = v*r.OSpan + r.Off
	}
	if r.Integer {
		v = float32(math.Trunc(float64(v)))
	}
	return v
}

// rescaleIntensity is skimage's rescale_intensity arithmetic on float32 data.
func rescaleIntensity(dst, src []float32, imin, imax, omin, omax float64, integer bool) {
	r := NewIntensityRescale(imin, imax, omin, omax, integer)
	parallel(len(src), 1<<15, func(a, b int) {
		for i := a; i < b; i++ {
			dst[i] = r.Apply(src[i])
		}
	})
}

// EqualizeHistParams are the parameters of EqualizeHist.
type EqualizeHistParams struct {
	// Number of histogram bins.
	Nbins int `default:"256" min:"1" max:"1048576"`
}

// EqualizeHist equalizes the histogram of an image as skimage.exposure.equalize_hist
// does on float32 data, with results in [0, 1]. It builds a histogram of nbins equal
// bins over [min, max] (numpy.histogram, float32 edges; [v-0.5, v+0.5] for a constant
// image), normalises its cumulative distribution to 1 (float32), and replaces each pixel
// by the linear interpolation (numpy.interp) of that distribution at the pixel's value
// between the bin centres. An image with NaN or infinity is an error, as in numpy.
//
//kernreg:op name=equalize_hist tags=intensity,exposure,histogram ref=skimage.exposure.equalize_hist slices=coupled
func EqualizeHist(dst, image Array, p EqualizeHistParams) error {
	const op = "equalize_hist"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	lo, hi := minMax(image.Data)
	if err := CheckEqualizeHist(p.Nbins, lo, hi); err != nil {
		return err
	}
	edges, first, norm := EqualizeHistBins(p.Nbins, lo, hi)
	xp, fp, _ := EqualizeHistCurve(edges, histogram32(image.Data, edges, first, norm))
	f := newInterpolator(xp, fp)
	parallel(len(image.Data), 1<<14, func(a, b int) {
		for i := a; i < b; i++ {
			dst.Data[i] = float32(f.at(float64(image.Data[i])))
		}
	})
	return nil
}

// CheckEqualizeHist refuses equalize_hist's bad nbins and an image range [lo, hi] that
// is not finite (NaN or infinity in the image), as numpy.histogram does.
func CheckEqualizeHist(nbins int, lo, hi float32) error {
	const op = "equalize_hist"
	if nbins < 1 || nbins > 1<<20 {
		return fmt.Errorf("%s: nbins must be in [1, 2^20], got %d", op, nbins)
	}
	if !finite(float64(lo), float64(hi)) {
		return fmt.Errorf("%s: the image's range [%v, %v] is not finite", op, lo, hi)
	}
	return nil
}

// EqualizeHistBins returns numpy.histogram(data, nbins)'s float32 bin edges for float32
// data with finite min lo and max hi (numpy.linspace; [v-0.5, v+0.5] for a constant
// image), and first and norm of numpy's bin index int((v - first) * norm), computed in
// float32 and corrected by one against the edges.
func EqualizeHistBins(nbins int, lo, hi float32) (edges []float32, first, norm float32) {
	f, last := float64(lo), float64(hi)
	width := float64(hi - lo) // numpy subtracts the float32 edges in float32
	if lo == hi {
		f, last = f-0.5, last+0.5
		width = last - f
	}
	edges = make([]float32, nbins+1)
	step := (last - f) / float64(nbins)
	for i := range edges {
		edges[i] = float32(float64(i)*step + f)
	}
	edges[nbins] = float32(last)
	return edges, float32(f), float32(float64(nbins) / width)
}

// EqualizeHistCurve returns equalize_hist's mapping from the histogram counts over the
// edges: the bin centres xp (float32 arithmetic), the cumulative distribution fp
// normalised to 1 and rounded to float32, and numpy.interp's slopes between them.
func EqualizeHistCurve(edges []float32, hist []int64) (xp, fp, slopes []float64) {
	n := len(hist)
	fp = make([]float64, n)
	var acc int64
	for i, h := range hist {
		acc += h
		fp[i] = float64(acc)
	}
	xp = make([]float64, n)
	for i := range fp {
		fp[i] = float64(float32(fp[i] / float64(acc)))
		xp[i] = float64((edges[i] + edges[i+1]) / 2)
	}
	return xp, fp, newInterpolator(xp, fp).slopes
}

// histogram32 counts float32 data without NaN into the bins of EqualizeHistBins, with
// numpy's bin index computation and its one-ulp corrections.
func histogram32(data []float32, edges []float32, first, norm float32) []int64 {
	nbins := len(edges) - 1
	hist := make([]int64, nbins)
	parts := make([][]int64, 0)
	var mu sync.Mutex
	parallel(len(data), 1<<16, func(a, b int) {
		h := make([]int64, nbins)
		for _, v := range data[a:b] {
			i := int((v - first) * norm)
			if i == nbins {
				i--
			}
			if v < edges[i] {
				i--
			}
			if i != nbins-1 && v >= edges[i+1] {
				i++
			}
			h[i]++
		}
		mu.Lock()
		parts = append(parts, h)
		mu.Unlock()
	})
	for _, h := range parts {
		for i, c := range h {
			hist[i] += c
		}
	}
	return hist
}

// interpolator evaluates numpy.interp for one (xp, fp): the slopes are computed once, as
// numpy does when there are fewer points than queries.
type interpolator struct {
	xp, fp, slopes []float64
	guess          float64
	last           int // the xp index of the last query, for atFrom
}

func newInterpolator(xp, fp []float64) *interpolator {
	n := len(xp)
	f := &interpolator{xp: xp, fp: fp}
	if n > 1 {
		f.slopes = make([]float64, n-1)
		for i := range f.slopes {
			f.slopes[i] = (fp[i+1] - fp[i]) / (xp[i+1] - xp[i])
		}
		if xp[n-1] > xp[0] {
			f.guess = float64(n-1) / (xp[n-1] - xp[0])
		}
	}
	return f
}

// at is numpy.interp at v (left and right values fp[0] and fp[n-1]).
func (f *interpolator) at(v float64) float64 {
	return f.atFrom(v, -1)
}

// atFrom is at, searching xp forward from index j (j >= 0: the queries increase) or
// from a guess (j < 0); it leaves the index found in f.last.
func (f *interpolator) atFrom(v float64, from int) float64 {
	xp, fp := f.xp, f.fp
	n := len(xp)
	switch {
	case v != v:
		return v
	case n == 1:
		return fp[0]
	case v < xp[0]:
		return fp[0]
	case v > xp[n-1]:
		return fp[n-1]
	}
	var j int
	if from < 0 {
		j = searchSorted(xp, v, f.guess)
	} else {
		j = from
		for j+1 < n && xp[j+1] <= v {
			j++
		}
	}
	f.last = j
	switch {
	case j >= n-1:
		return fp[n-1]
	case xp[j] == v:
		return fp[j]
	}
	s := f.slopes[j]
	r := s*(v-xp[j]) + fp[j]
	if r != r {
		r = s*(v-xp[j+1]) + fp[j+1]
		if r != r && fp[j] == fp[j+1] {
			r = fp[j]
		}
	}
	return r
}

// searchSorted returns the last j with xp[j] <= v for xp[0] <= v <= xp[n-1] (xp
// increasing), starting from the guess (v - xp[0])*guess of nearly uniform xp.
func searchSorted(xp []float64, v, guess float64) int {
	n := len(xp)
	j := min(max(int((v-xp[0])*guess), 0), n-1)
	for j > 0 && xp[j] > v {
		j--
	}
	for j+1 < n && xp[j+1] <= v {
		j++
	}
	return j
}

// checkNonNegative refuses negative pixels, as skimage's exposure corrections do.
func checkNonNegative(op string, data []float32) error {
	for i, v := range data {
		if v < 0 {
			return NegativeValueError(op, v, i)
		}
	}
	return nil
}

// NegativeValueError is the error of an exposure correction on an image whose first
// negative value is v, at index i.
func NegativeValueError(op string, v float32, i int) error {
	return fmt.Errorf("%s: the image has a negative value (%v at index %d); the correction is defined for non-negative images (rescale_intensity them first)", op, v, i)
}

// AdjustGammaParams are the parameters of AdjustGamma.
type AdjustGammaParams struct {
	// The exponent, >= 0; < 1 brightens, > 1 darkens.
	Gamma float64 `default:"1" min:"0"`
	// The constant multiplier.
	Gain float64 `default:"1"`
}

// AdjustGamma applies gamma correction, out = gain * in^gamma, as
// skimage.exposure.adjust_gamma does for float images. It computes in float32 (scale 1;
// gamma and gain rounded to float32). Negative pixels are an error, as in skimage.
//
//kernreg:op name=adjust_gamma tags=intensity,exposure ref=skimage.exposure.adjust_gamma slices=independent
func AdjustGamma(dst, image Array, p AdjustGammaParams) error {
	const op = "adjust_gamma"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := CheckGamma(p.Gamma); err != nil {
		return err
	}
	if err := checkNonNegative(op, image.Data); err != nil {
		return err
	}
	g, gain := float64(float32(p.Gamma)), float32(p.Gain)
	mapValues(dst.Data, image.Data, func(v float32) float32 {
		return float32(math.Pow(float64(v), g)) * gain
	})
	return nil
}

// CheckGamma refuses adjust_gamma's negative or NaN gamma.
func CheckGamma(gamma float64) error {
	if !(gamma >= 0) {
		return fmt.Errorf("adjust_gamma: gamma must be a non-negative number, got %v", gamma)
	}
	return nil
}

// AdjustLogParams are the parameters of AdjustLog.
type AdjustLogParams struct {
	// The constant multiplier.
	Gain float64 `default:"1"`
	// Apply the inverse correction, gain * (2^in - 1).
	Inv bool `default:"false"`
}

// AdjustLog applies logarithmic correction, out = gain * log2(1 + in) (inverse:
// gain * (2^in - 1)), as skimage.exposure.adjust_log does for float images. It computes
// in float32. Negative pixels are an error, as in skimage.
//
//kernreg:op name=adjust_log tags=intensity,exposure ref=skimage.exposure.adjust_log slices=independent
func AdjustLog(dst, image Array, p AdjustLogParams) error {
	const op = "adjust_log"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkNonNegative(op, image.Data); err != nil {
		return err
	}
	gain := float32(p.Gain)
	if p.Inv {
		mapValues(dst.Data, image.Data, func(v float32) float32 {
			return (float32(math.Exp2(float64(v))) - 1) * gain
		})
	} else {
		mapValues(dst.Data, image.Data, func(v float32) float32 {
			return float32(math.Log2(float64(1+v))) * gain
		})
	}
	return nil
}

// AdjustSigmoidParams are the parameters of AdjustSigmoid.
type AdjustSigmoidParams struct {
	// The intensity at the centre of the sigmoid.
	Cutoff float64 `default:"0.5"`
	// The steepness of the sigmoid.
	Gain float64 `default:"10"`
	// Apply the negative sigmoid, 1 - sigmoid.
	Inv bool `default:"false"`
}

// AdjustSigmoid applies sigmoid contrast correction, out = 1/(1 + exp(gain*(cutoff -
// in))) (inverse: 1 minus that), as skimage.exposure.adjust_sigmoid does for float
// images. It computes in float32. Negative pixels are an error, as in skimage.
//
//kernreg:op name=adjust_sigmoid tags=intensity,exposure ref=skimage.exposure.adjust_sigmoid slices=independent
func AdjustSigmoid(dst, image Array, p AdjustSigmoidParams) error {
	const op = "adjust_sigmoid"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkNonNegative(op, image.Data); err != nil {
		return err
	}
	cutoff, gain := float32(p.Cutoff), float32(p.Gain)
	mapValues(dst.Data, image.Data, func(v float32) float32 {
		s := 1 / (1 + float32(math.Exp(float64(gain*(cutoff-v)))))
		if p.Inv {
			return 1 - s
		}
		return s
	})
	return nil
}

// mapValues sets dst[i] = f(src[i]) in parallel.
func mapValues(dst, src []float32, f func(float32) float32) {
	parallel(len(src), 1<<14, func(a, b int) {
		for i := a; i < b; i++ {
			dst[i] = f(src[i])
		}
	})
}

// MatchHistograms transforms an image so that its cumulative histogram matches that of
// a reference image, as skimage.exposure.match_histograms does without channels. With the
// sorted distinct values of each image and their cumulative counts divided by the pixel
// count (quantiles), every pixel takes numpy.interp(its value's quantile, the reference's
// quantiles, the reference's values) in float64, stored as float32. Both images must have
// the same shape here (skimage allows any); NaN is an error.
//
//kernreg:op name=match_histograms tags=intensity,exposure,histogram ref=skimage.exposure.match_histograms slices=coupled
func MatchHistograms(dst, image, reference Array) error {
	const op = "match_histograms"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkPair(op, reference, image); err != nil {
		return err
	}
	for _, a := range []Array{image, reference} {
		if lo, _ := minMax(a.Data); lo != lo {
			return fmt.Errorf("%s: the image or the reference has NaN", op)
		}
	}
	var (
		srcIndex             []int32
		srcCounts, refCounts []int
		refValues            []float64
		wg                   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, srcIndex, srcCounts = uniqueCounts(image.Data)
	}()
	refValues, _, refCounts = uniqueCounts(reference.Data)
	wg.Wait()
	quantiles := func(counts []int, n int) []float64 {
		q := make([]float64, len(counts))
		acc := 0
		for i, c := range counts {
			acc += c
			q[i] = float64(acc) / float64(n)
		}
		return q
	}
	srcQ := quantiles(srcCounts, len(image.Data))
	refQ := quantiles(refCounts, len(reference.Data))
	f := newInterpolator(refQ, refValues)
	mapped := make([]float32, len(srcQ))
	j := 0
	for i, q := range srcQ {
		mapped[i], j = float32(f.atFrom(q, j)), f.last
	}
	parallel(len(dst.Data), 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			dst.Data[i] = mapped[srcIndex[i]]
		}
	})
	return nil
}

// uniqueCounts is numpy.unique(data, return_inverse=True, return_counts=True) for data
// without NaN: the sorted distinct values (float64), the index of each element's value,
// and the count of each value (-0 and +0 are one value). The float32 bits, made
// order-preserving, are sorted with their positions by an LSD radix sort.
func uniqueCounts(data []float32) ([]float64, []int32, []int) {
	n := len(data)
	keys, pos := make([]uint32, n), make([]int32, n)
	parallel(n, 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			u := math.Float32bits(data[i])
			if u>>31 == 1 {
				u = ^u
			} else {
				u |= 1 << 31
			}
			keys[i], pos[i] = u, int32(i)
		}
	})
	keys, pos = radixSort(keys, pos)
	// Back to float32 values in place; equal values (-0, +0 too) are one unique value.
	distinct := 0
	for k, u := range keys {
		if u>>31 == 1 {
			u &^= 1 << 31
		} else {
			u = ^u
		}
		keys[k] = u
		if k == 0 || math.Float32frombits(u) != math.Float32frombits(keys[k-1]) {
			distinct++
		}
	}
	values := make([]float64, 0, distinct)
	counts := make([]int, 0, distinct)
	index := make([]int32, n)
	for k, i := range pos {
		v := math.Float32frombits(keys[k])
		if k == 0 || v != math.Float32frombits(keys[k-1]) {
			values = append(values, float64(v))
			counts = append(counts, 0)
		}
		counts[len(counts)-1]++
		index[i] = int32(len(values) - 1)
	}
	return values, index, counts
}

// radixSort sorts keys ascending, carrying pos along (stable), four passes of 8 bits.
func radixSort(keys []uint32, pos []int32) ([]uint32, []int32) {
	k2, p2 := make([]uint32, len(keys)), make([]int32, len(pos))
	for shift := 0; shift < 32; shift += 8 {
		var count [257]int
		for _, k := range keys {
			count[(k>>shift)&0xff+1]++
		}
		if count[(keys[0]>>shift)&0xff+1] == len(keys) {
			continue // every key has this byte: the pass changes nothing
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for i, k := range keys {
			b := (k >> shift) & 0xff
			k2[count[b]], p2[count[b]] = k, pos[i]
			count[b]++
		}
		keys, k2, pos, p2 = k2, keys, p2, pos
	}
	return keys, pos
}
