package cpu

import (
	"fmt"
	"math"
)

// Correlate1DParams are the parameters of Correlate1D and Convolve1D.
type Correlate1DParams struct {
	// The kernel's weights along the axis.
	Weights []float64
	// Axis to filter along: 0..rank-1, or negative to count from the last axis (-1 is X).
	Axis int `default:"-1" min:"-3" max:"2"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// Filter1DParams are the parameters of the 1D box filters (UniformFilter1D,
// MinimumFilter1D, MaximumFilter1D).
type Filter1DParams struct {
	// Length of the window along the axis.
	Size int `min:"1"`
	// Axis to filter along: 0..rank-1, or negative to count from the last axis (-1 is X).
	Axis int `default:"-1" min:"-3" max:"2"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// GaussianFilter1DParams are the parameters of GaussianFilter1D.
type GaussianFilter1DParams struct {
	// Standard deviation of the Gaussian, > 0.
	Sigma float64 `min:"0"`
	// Axis to filter along: 0..rank-1, or negative to count from the last axis (-1 is X).
	Axis int `default:"-1" min:"-3" max:"2"`
	// Order of the derivative of the Gaussian (0 smooths).
	Order int `default:"0" min:"0" max:"16"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
	// Cut the kernel off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// Correlate1D correlates every line along axis with weights, as
// scipy.ndimage.correlate1d (origin 0): for L weights,
// out[i] = Σ_k w[k]·in[i - L/2 + k], the line extended past its edges by mode. The sum
// is scipy's NI_Correlate1D in float64: for odd L with (anti)symmetric weights (to
// within 2⁻⁵²) it starts from the centre term and adds the folded pairs
// (in[i-j] ± in[i+j])·w[c-j] from the outermost in; otherwise it starts from the last
// term and adds the others in order. The result is rounded to float32.
//
//kernreg:op name=correlate1d tags=filter,linear ref=scipy.ndimage.correlate1d slices=coupled
func Correlate1D(dst, image Array, p Correlate1DParams) error {
	return correlate1D("correlate1d", dst, image, p, false)
}

// Convolve1D convolves every line along axis with weights, as scipy.ndimage.convolve1d
// (origin 0): Correlate1D with the weights reversed and, for an even number L of
// weights, the window shifted to cover L/2-1 pixels before the centre and L/2 after it.
//
//kernreg:op name=convolve1d tags=filter,linear ref=scipy.ndimage.convolve1d slices=coupled
func Convolve1D(dst, image Array, p Correlate1DParams) error {
	return correlate1D("convolve1d", dst, image, p, true)
}

func correlate1D(op string, dst, image Array, p Correlate1DParams, convolve bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	c, err := Correlate1DArgs(op, len(image.Shape), p, convolve)
	if err != nil {
		return err
	}
	correlateAxis(dst.Data, image.Data, image.Shape, c.Axis, c.W, c.Before, c.Mode, p.Cval)
	return nil
}

// Correlation1D is a checked 1D correlation along Axis: out[i] = Σ_k W[k]·in[i-Before+k],
// summed in the order of scipy's NI_Correlate1D, which Fold selects: 1 (-1) for odd
// symmetric (antisymmetric) weights centred on len(W)/2, folded about the centre; 0 for
// the last term first and then the others in order.
type Correlation1D struct {
	Axis   int
	W      []float64
	Before int
	Fold   int
	Mode   Mode
}

// Correlate1DArgs checks the parameters of Correlate1D (or, with convolve, Convolve1D)
// for an image of the given rank and returns the correlation they ask for; the GPU
// kernels check theirs with it too.
func Correlate1DArgs(op string, rank int, p Correlate1DParams, convolve bool) (Correlation1D, error) {
	axis, mode, err := axisParams(op, rank, p.Axis, p.Mode)
	if err != nil {
		return Correlation1D{}, err
	}
	l := len(p.Weights)
	if l == 0 {
		return Correlation1D{}, fmt.Errorf("%s: no weights given", op)
	}
	w := make([]float64, l)
	for i, v := range p.Weights {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Correlation1D{}, fmt.Errorf("%s: weights must be finite, got %v", op, v)
		}
		if convolve {
			w[l-1-i] = v
		} else {
			w[i] = v
		}
	}
	before := l / 2
	if convolve {
		before = (l - 1) / 2
	}
	return Correlation1D{Axis: axis, W: w, Before: before, Fold: correlationFold(w, before), Mode: mode}, nil
}

// correlationFold is NI_Correlate1D's choice of sum for weights w whose window starts
// before elements ahead of the centre (see Correlation1D.Fold).
func correlationFold(w []float64, before int) int {
	if len(w)%2 == 1 && before == len(w)/2 {
		return foldOf(w)
	}
	return 0
}

// correlateAxis correlates the lines of src along axis with w (out[i] =
// Σ_k w[k]·in[i-before+k]) in NI_Correlate1D's order, into dst (which may be src).
func correlateAxis(dst, src []float32, shape []int, axis int, w []float64, before int, m Mode, cval float64) {
	l := len(w)
	r := max(before, l-1-before)
	var f lineFilter
	if l%2 == 1 && before == l/2 {
		f = foldedCorrelate(w)
	} else {
		s := r - before // padded index of the window start of output 0
		f = func(padded, out []float64) {
			for i := range out {
				win := padded[s+i : s+i+l]
				acc := win[l-1] * w[l-1]
				for k, wk := range w[:l-1] {
					acc += win[k] * wk
				}
				out[i] = acc
			}
		}
	}
	separablePass(dst, src, shape, axis, r, m, cval, f)
}

// axisArgs checks a same-shape pair, an axis argument and a mode name, and returns the
// axis counted from 0.
func axisArgs(op string, dst, image Array, axis int, modeName string) (int, Mode, error) {
	if err := checkPair(op, dst, image); err != nil {
		return 0, 0, err
	}
	return axisParams(op, len(image.Shape), axis, modeName)
}

// axisParams checks an axis and a mode for an image of the given rank and returns the
// axis counted from 0.
func axisParams(op string, rank, axis int, modeName string) (int, Mode, error) {
	if axis < -rank || axis >= rank {
		return 0, 0, fmt.Errorf("%s: axis must be in [%d, %d] for a %dD image, got %d", op, -rank, rank-1, rank, axis)
	}
	mode, err := ParseMode(modeName)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", op, err)
	}
	return (axis + rank) % rank, mode, nil
}

// UniformFilter1D replaces each pixel by the mean of the size pixels around it along
// axis, as scipy.ndimage.uniform_filter1d (origin 0): the window covers size/2 pixels
// before the centre and size-size/2-1 after it. As in scipy's NI_UniformFilter1D the
// first mean of a line is its float64 window sum divided by size and each next one adds
// (entering - leaving)/size; results are rounded to float32.
//
//kernreg:op name=uniform_filter1d tags=filter,smoothing ref=scipy.ndimage.uniform_filter1d slices=coupled
func UniformFilter1D(dst, image Array, p Filter1DParams) error {
	const op = "uniform_filter1d"
	axis, mode, err := filter1DArgs(op, dst, image, p)
	if err != nil {
		return err
	}
	separablePass(dst.Data, image.Data, image.Shape, axis, p.Size/2, mode, p.Cval, scipyUniformLine(p.Size))
	return nil
}

// MinimumFilter1D replaces each pixel by the minimum of the size pixels around it along
// axis, as scipy.ndimage.minimum_filter1d (origin 0): the window covers size/2 pixels
// before the centre and size-size/2-1 after it, and results are bit-identical to scipy's,
// NaN included (see MinimumFilter, whose 1D pass this is).
//
//kernreg:op name=minimum_filter1d tags=filter,rank ref=scipy.ndimage.minimum_filter1d slices=coupled
func MinimumFilter1D(dst, image Array, p Filter1DParams) error {
	return minMax1D("minimum_filter1d", dst, image, p, true)
}

// MaximumFilter1D replaces each pixel by the maximum of the size pixels around it along
// axis, as scipy.ndimage.maximum_filter1d (origin 0), with MinimumFilter1D's window and
// exactness.
//
//kernreg:op name=maximum_filter1d tags=filter,rank ref=scipy.ndimage.maximum_filter1d slices=coupled
func MaximumFilter1D(dst, image Array, p Filter1DParams) error {
	return minMax1D("maximum_filter1d", dst, image, p, false)
}

// maxWindow1D bounds the window of the 1D box filters, so that a mistyped size is an
// error rather than an enormous allocation.
const maxWindow1D = 1 << 24

func filter1DArgs(op string, dst, image Array, p Filter1DParams) (int, Mode, error) {
	if err := checkPair(op, dst, image); err != nil {
		return 0, 0, err
	}
	return Filter1DArgs(op, len(image.Shape), p)
}

// Filter1DArgs checks the parameters of a 1D box filter for an image of the given rank
// and returns the axis counted from 0 and the mode; the GPU kernels check theirs with it
// too.
func Filter1DArgs(op string, rank int, p Filter1DParams) (int, Mode, error) {
	axis, mode, err := axisParams(op, rank, p.Axis, p.Mode)
	if err != nil {
		return 0, 0, err
	}
	if p.Size < 1 {
		return 0, 0, fmt.Errorf("%s: size must be >= 1, got %d", op, p.Size)
	}
	if p.Size > maxWindow1D {
		return 0, 0, fmt.Errorf("%s: size must be at most %d, got %d", op, maxWindow1D, p.Size)
	}
	return axis, mode, nil
}

func minMax1D(op string, dst, image Array, p Filter1DParams, minimum bool) error {
	axis, mode, err := filter1DArgs(op, dst, image, p)
	if err != nil {
		return err
	}
	if p.Size == 1 {
		copy(dst.Data, image.Data)
		return nil
	}
	// As in minMaxFilter: the van Herk passes are exact without NaN or -0.
	c32 := float32(p.Cval)
	if hasNaNOrNegZero(image.Data) || mode == Constant && (c32 != c32 || c32 == 0 && math.Signbit(float64(c32))) {
		minMaxPass(dst.Data, image.Data, image.Shape, axis, p.Size, p.Size/2, mode, p.Cval, minimum)
	} else {
		vanHerkPass(dst.Data, image.Data, image.Shape, axis, p.Size, p.Size/2, mode, c32, minimum)
	}
	return nil
}

// GaussianFilter1D filters every line along axis with a Gaussian of standard deviation
// sigma or, for order > 0, with that derivative of it, as
// scipy.ndimage.gaussian_filter1d: Correlate1D with scipy's _gaussian_kernel1d(sigma,
// order, r) reversed, r = int(truncate*sigma + 0.5). The kernel is q(x)·g(x) on
// [-r, r], g the Gaussian exp(-x²/(2 sigma²)) normalised to sum 1 and q the polynomial
// of the order-th derivative (q = 1 for order 0).
//
//kernreg:op name=gaussian_filter1d tags=filter,smoothing,derivative ref=scipy.ndimage.gaussian_filter1d slices=coupled
func GaussianFilter1D(dst, image Array, p GaussianFilter1DParams) error {
	const op = "gaussian_filter1d"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	axis, mode, err := gaussianFilter1DParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	w := gaussianKernelOrder(p.Sigma, p.Order, int(p.Truncate*p.Sigma+0.5))
	separablePass(dst.Data, image.Data, image.Shape, axis, len(w)/2, mode, p.Cval, foldedCorrelate(w))
	return nil
}

// gaussianFilter1DParams checks GaussianFilter1D's parameters for an image of the given
// rank and returns the axis counted from 0 and the mode.
func gaussianFilter1DParams(op string, rank int, p GaussianFilter1DParams) (int, Mode, error) {
	axis, mode, err := axisParams(op, rank, p.Axis, p.Mode)
	if err != nil {
		return 0, 0, err
	}
	if !(p.Sigma > 0) || math.IsInf(p.Sigma, 0) {
		return 0, 0, fmt.Errorf("%s: sigma must be finite and > 0, got %v", op, p.Sigma)
	}
	if err := gaussianRadiusArgs(op, "sigma", []float64{p.Sigma}, p.Truncate); err != nil {
		return 0, 0, err
	}
	if p.Order < 0 || p.Order > maxGaussianOrder {
		return 0, 0, fmt.Errorf("%s: order must be in [0, %d], got %d", op, maxGaussianOrder, p.Order)
	}
	return axis, mode, nil
}
