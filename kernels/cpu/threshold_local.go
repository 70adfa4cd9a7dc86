package cpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/internal/npmath"
)

// Local (adaptive) thresholds of scikit-image 0.19: a threshold image T is computed from
// each pixel's neighbourhood and the result is image > T, float32 0/1.

// LocalThresholdParams are the parameters of ThresholdLocal.
type LocalThresholdParams struct {
	// Odd edge length of the neighbourhood, one value for every axis or one per axis (Z, Y, X).
	BlockSize []int `default:"3" min:"1"`
	// How the neighbourhood is summarised: gaussian (sigma (block_size-1)/6), mean or median.
	Method string `default:"gaussian" enum:"gaussian,mean,median"`
	// Constant subtracted from the neighbourhood statistic.
	Offset float64 `default:"0"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// ThresholdLocal returns image > T (float32 0/1) for the adaptive threshold image T =
// skimage.filters.threshold_local(image, block_size, method, offset, mode, cval) of
// scikit-image 0.19.
//
// T is the neighbourhood statistic minus offset, in float32. gaussian
// is scipy.ndimage.gaussian_filter with sigma (b-1)/6 per axis (truncate 4), mean is
// scipy.ndimage.uniform_filter and median scipy.ndimage.median_filter, each with size b
// per axis and the given mode and cval; the 'generic' method is not offered. gaussian
// and mean follow scipy's arithmetic (symmetric-kernel folding, running sums in float64,
// float32 between axes) and median is an exact selection, so T matches skimage to within
// the last bit of the float64 Gaussian weights (numpy's exp) at most.
//
//kernreg:op name=threshold_local tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_local slices=coupled
func ThresholdLocal(dst, image Array, p LocalThresholdParams) error {
	const op = "threshold_local"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	block, mode, err := localThresholdParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	thr := make([]float32, len(image.Data))
	switch p.Method {
	case "gaussian", "":
		copy(thr, image.Data)
		for axis, b := range block {
			s := float64(b-1) / 6
			if s <= 1e-15 {
				continue
			}
			w := scipyGaussianWeights(s, int(4*s+0.5))
			separablePass(thr, thr, image.Shape, axis, len(w)/2, mode, p.Cval, symmetricCorrelate(w))
		}
	case "mean":
		copy(thr, image.Data)
		for axis, b := range block {
			if b > 1 {
				separablePass(thr, thr, image.Shape, axis, b/2, mode, p.Cval, scipyUniformLine(b))
			}
		}
	case "median":
		sizes := append([]int(nil), block...)
		err := MedianFilter(Array{Shape: image.Shape, Data: thr}, image, BoxParams{Size: sizes, Mode: p.Mode, Cval: p.Cval})
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	off := float32(p.Offset)
	parallel(len(thr), 1<<16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] = bitF32(image.Data[i] > thr[i]-off)
		}
	})
	return nil
}

// localThresholdParams checks ThresholdLocal's parameters for an image of the given
// rank and returns the block size per axis and the boundary mode.
func localThresholdParams(op string, rank int, p LocalThresholdParams) ([]int, Mode, error) {
	block, err := perAxisInts(op+": block_size", p.BlockSize, rank)
	if err != nil {
		return nil, 0, err
	}
	for _, b := range block {
		if b < 1 || b%2 == 0 {
			return nil, 0, fmt.Errorf("%s: block_size must be odd and >= 1 on every axis, got %v", op, block)
		}
		if b > 1<<20 {
			return nil, 0, fmt.Errorf("%s: block_size %d is too large (at most 2^20)", op, b)
		}
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	if math.IsNaN(p.Offset) {
		return nil, 0, fmt.Errorf("%s: offset must be a number, got NaN", op)
	}
	switch p.Method {
	case "gaussian", "", "mean", "median":
	default:
		return nil, 0, fmt.Errorf("%s: method must be gaussian, mean or median, got %q", op, p.Method)
	}
	return block, mode, nil
}

// scipyGaussianWeights is scipy.ndimage's _gaussian_kernel1d(sigma, 0, r): exp(-0.5/s² ·
// x²) for x in [-r, r], divided by its numpy pairwise sum.
func scipyGaussianWeights(s float64, r int) []float64 {
	w := make([]float64, 2*r+1)
	c := -0.5 / (s * s)
	for i := range w {
		x := float64(i - r)
		w[i] = math.Exp(float64(c * float64(x*x)))
	}
	sum := npmath.PairwiseSum64(w)
	for i := range w {
		w[i] /= sum
	}
	return w
}

// symmetricCorrelate is scipy's NI_Correlate1D for a symmetric kernel: out = in·w[c],
// then (in[-j] + in[+j])·w[c-j] added for j from the radius down to 1.
func symmetricCorrelate(w []float64) lineFilter {
	r := len(w) / 2
	return func(padded, out []float64) {
		for i := range out {
			c := i + r
			acc := float64(padded[c] * w[r])
			for j := r; j >= 1; j-- {
				acc += float64((padded[c-j] + padded[c+j]) * w[r-j])
			}
			out[i] = acc
		}
	}
}

// scipyUniformLine is scipy 1.10's NI_UniformFilter1D: a float64 running sum of the
// window (the first window summed in order, then each step adding in - out), divided by
// s at every output.
func scipyUniformLine(s int) lineFilter {
	fs := float64(s)
	return func(padded, out []float64) {
		tmp := 0.0
		for k := 0; k < s; k++ {
			tmp += padded[k]
		}
		out[0] = tmp / fs
		for i := 1; i < len(out); i++ {
			tmp += padded[i+s-1] - padded[i-1]
			out[i] = tmp / fs
		}
	}
}

// pairwiseSum64 is numpy's float64 pairwise sum (npmath.PairwiseSum64).
func pairwiseSum64(a []float64) float64 { return npmath.PairwiseSum64(a) }

func bitF32(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// SauvolaParams are the parameters of ThresholdSauvola.
type SauvolaParams struct {
	// Odd edge length of the window, one value for every axis or one per axis (Z, Y, X).
	WindowSize []int `default:"15" min:"1"`
	// Weight of the standard deviation term.
	K float64 `default:"0.2"`
	// Dynamic range of the standard deviation; skimage's default for float images is
	// half their dtype range, 1.
	R float64 `default:"1"`
}

// NiblackParams are the parameters of ThresholdNiblack.
type NiblackParams struct {
	// Odd edge length of the window, one value for every axis or one per axis (Z, Y, X).
	WindowSize []int `default:"15" min:"1"`
	// Weight of the standard deviation term.
	K float64 `default:"0.2"`
}

// ThresholdSauvola returns image > T (float32 0/1) for Sauvola's threshold image T =
// skimage.filters.threshold_sauvola(image, window_size, k, r) of scikit-image 0.19.
//
// T = m·(1 + k·(s/r - 1)), where m and s are the mean and standard deviation over a
// window_size box around each pixel. They are computed as skimage does: the image is
// padded by numpy's 'reflect' (scipy's mirror) with w//2+1 before and w//2 after on each
// axis, float64 integral images of it and of its float32 squares give the window sums
// (corners added in skimage's order), the sums are rounded to float32 and divided by the
// window size, and s = sqrt(max(g2 - m², 0)); T is then evaluated in float32.
//
//kernreg:op name=threshold_sauvola tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_sauvola slices=coupled
func ThresholdSauvola(dst, image Array, p SauvolaParams) error {
	k, r := float32(p.K), float32(p.R)
	return windowThreshold("threshold_sauvola", dst, image, p.WindowSize, func(m, s float32) float32 {
		return float32(m * float32(1+float32(k*float32(s/r-1))))
	})
}

// ThresholdNiblack returns image > T (float32 0/1) for Niblack's threshold image T =
// skimage.filters.threshold_niblack(image, window_size, k) of scikit-image 0.19.
//
// T = m - k·s, with the window mean m and standard deviation s computed as in
// ThresholdSauvola.
//
//kernreg:op name=threshold_niblack tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_niblack slices=coupled
func ThresholdNiblack(dst, image Array, p NiblackParams) error {
	k := float32(p.K)
	return windowThreshold("threshold_niblack", dst, image, p.WindowSize, func(m, s float32) float32 {
		return m - float32(k*s)
	})
}

// windowThreshold computes skimage's _mean_std over windows of the given size and writes
// image > t(m, s).
func windowThreshold(op string, dst, image Array, size []int, t func(m, s float32) float32) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	w, err := windowSizes(op, image.Shape, size)
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	in := newIntegralImages(image, w)
	parallel(len(image.Data), 1<<14, func(lo, hi int) {
		idx := make([]int, rank)
		for i := lo; i < hi; i++ {
			m, s := in.meanStd(i, idx)
			dst.Data[i] = bitF32(image.Data[i] > t(m, s))
		}
	})
	return nil
}

// windowSizes checks the window size of a window threshold on an image of the given
// shape and returns it per axis.
func windowSizes(op string, shape, size []int) ([]int, error) {
	w, err := perAxisInts(op+": window_size", size, len(shape))
	if err != nil {
		return nil, err
	}
	padded := 1
	for i, s := range w {
		if s < 1 || s%2 == 0 {
			return nil, fmt.Errorf("%s: window_size must be odd and >= 1 on every axis, got %v", op, w)
		}
		if s > 1<<20 {
			return nil, fmt.Errorf("%s: window_size %d is too large (at most 2^20)", op, s)
		}
		padded *= shape[i] + s
	}
	if padded > maxIntegralElements {
		return nil, fmt.Errorf("%s: the padded integral images of %d elements would need %d MiB; use a smaller window",
			op, padded, padded*16>>20)
	}
	return w, nil
}

// maxIntegralElements bounds the padded image of a window threshold (two float64
// integral images of it are kept).
const maxIntegralElements = 1 << 28

// integralImages holds skimage's two float64 integral images (of the reflect-padded
// image and of its float32 squares) and what meanStd needs to read windows from them.
type integralImages struct {
	shape, pshape, w []int
	strides          []int // of the padded arrays
	sum, sq          []float64
	corners          []int     // padded offsets of the window corners, skimage's order
	signs            []float64 // their signs
	size             float32   // pixels per window
}

func newIntegralImages(image Array, w []int) *integralImages {
	rank := len(image.Shape)
	in := &integralImages{shape: image.Shape, w: w, pshape: make([]int, rank), strides: make([]int, rank)}
	n, size := 1, 1
	for d := rank - 1; d >= 0; d-- {
		in.pshape[d] = image.Shape[d] + w[d]
		in.strides[d] = n
		n *= in.pshape[d]
		size *= w[d]
	}
	in.size = float32(size)
	in.sum = make([]float64, n)
	in.sq = make([]float64, n)
	// Pad with w//2+1 before and w//2 after (numpy's reflect is scipy's mirror).
	maps := make([][]int, rank)
	for d := range maps {
		maps[d] = make([]int, in.pshape[d])
		for j := range maps[d] {
			maps[d][j] = Mirror.index(j-(w[d]/2+1), image.Shape[d])
		}
	}
	pz, py, px := dims3(in.pshape)
	_, sy, sx := dims3(image.Shape)
	parallel(pz*py, max(1, 4096/px), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/py, r%py
			src := 0
			if rank == 3 {
				src = maps[0][z] * sy * sx
				src += maps[1][y] * sx
			} else {
				src = maps[0][y] * sx
			}
			xm := maps[rank-1]
			out, osq := in.sum[r*px:(r+1)*px], in.sq[r*px:(r+1)*px]
			for x := range out {
				v := image.Data[src+xm[x]]
				out[x] = float64(v)
				osq[x] = float64(v * v)
			}
		}
	})
	for d := 0; d < rank; d++ {
		cumsumAxis(in.sum, in.pshape, d)
		cumsumAxis(in.sq, in.pshape, d)
	}
	// Corners in itertools.product order, with skimage's signs
	// (-1)**(ndim%2 != sum(index)%2); w is odd, so sum(index)%2 is the count of w's.
	for c := 0; c < 1<<rank; c++ {
		off, count := 0, 0
		for d := 0; d < rank; d++ {
			if c&(1<<(rank-1-d)) != 0 {
				off += w[d] * in.strides[d]
				count++
			}
		}
		sign := 1.0
		if rank%2 != count%2 {
			sign = -1
		}
		in.corners = append(in.corners, off)
		in.signs = append(in.signs, sign)
	}
	return in
}

// cumsumAxis replaces a with its float64 cumulative sum along axis d, in index order as
// np.cumsum.
func cumsumAxis(a []float64, shape []int, d int) {
	n := shape[d]
	stride := 1
	for _, s := range shape[d+1:] {
		stride *= s
	}
	outer := len(a) / (n * stride)
	// Each (outer, inner) line is independent; run blocks of adjacent inner positions
	// together so that the loads are contiguous.
	const block = 256
	inner := (stride + block - 1) / block
	parallel(outer*inner, 1, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			o, b := t/inner, t%inner
			base := o * n * stride
			j0, j1 := b*block, min((b+1)*block, stride)
			if stride == 1 {
				acc := 0.0
				for i := 0; i < n; i++ {
					acc += a[base+i]
					a[base+i] = acc
				}
				continue
			}
			for i := 1; i < n; i++ {
				prev := a[base+(i-1)*stride : base+(i-1)*stride+stride]
				cur := a[base+i*stride : base+i*stride+stride]
				for j := j0; j < j1; j++ {
					cur[j] += prev[j]
				}
			}
		}
	})
}

// meanStd returns the window mean and standard deviation of pixel i (idx is scratch).
func (in *integralImages) meanStd(i int, idx []int) (m, s float32) {
	rank := len(in.shape)
	base := 0
	for d := rank - 1; d >= 0; d-- {
		idx[d] = i % in.shape[d]
		i /= in.shape[d]
		base += idx[d] * in.strides[d]
	}
	var a, b float64
	for k, off := range in.corners {
		if k == 0 {
			a, b = in.signs[0]*in.sum[base+off], in.signs[0]*in.sq[base+off]
			continue
		}
		a += in.signs[k] * in.sum[base+off]
		b += in.signs[k] * in.sq[base+off]
	}
	m = float32(a) / in.size
	g2 := float32(b) / in.size
	d := g2 - float32(m*m)
	if d < 0 {
		d = 0
	}
	return m, float32(math.Sqrt(float64(d)))
}
