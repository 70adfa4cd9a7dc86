package cpu

import (
	"fmt"
	"math"
	"sync"
)

// ResizeParams are the parameters of Resize.
type ResizeParams struct {
	// Output shape, one length per axis; with one length fewer the last axis keeps its length (skimage's channel rule).
	OutputShape []int `min:"1"`
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"1" min:"0" max:"5"`
	// How the input is extended past its edges, with numpy.pad's names (constant, edge, symmetric, reflect, wrap), as in skimage.
	Mode string `default:"reflect" enum:"constant,edge,symmetric,reflect,wrap"`
	// Value past the edges in constant mode.
	Cval float64 `default:"0"`
	// Clip the result to the input's range (widened to cval in constant mode when cval appears in the result).
	Clip bool `default:"true"`
	// Smooth with a Gaussian before interpolating, on axes that shrink.
	AntiAliasing bool `default:"true"`
	// Standard deviation of the anti-aliasing Gaussian, one for every axis or one per axis; a negative value (the default) means max(0, (factor-1)/2) with factor = input length / output length.
	AntiAliasingSigma []float64 `default:"-1"`
}

// resizeArgs are what Resize and Rescale share.
type resizeArgs struct {
	order        int
	mode         string
	cval         float64
	clip         bool
	antiAliasing bool
	sigma        []float64
}

// skimageModes maps skimage's (numpy.pad) mode names to the scipy.ndimage interpolation
// mode and the filter mode skimage hands to scipy (its _to_ndimage_mode).
var skimageModes = map[string]struct {
	interp splineMode
	filter string
}{
	"constant":  {splGridConstant, "constant"},
	"edge":      {splNearest, "nearest"},
	"symmetric": {splReflect, "reflect"},
	"reflect":   {splMirror, "mirror"},
	"wrap":      {splGridWrap, "wrap"},
}

// resizeOutShape is the shape scipy.ndimage.zoom gives when skimage asks for out: zoom
// factors 1/(in/out) per axis, then round(in*zoom).
func resizeOutShape(op string, in []int, out []float64) ([]int, error) {
	shape := make([]int, len(in))
	for i, d := range in {
		o := out[i]
		if !(o >= 1) {
			return nil, fmt.Errorf("%s: output length %v on axis %d must be >= 1", op, o, i)
		}
		zf := 1 / (float64(d) / o)
		var err error
		if shape[i], err = shapeFromFloat(op, roundHalfEven(float64(d)*zf)); err != nil {
			return nil, err
		}
	}
	return shape, nil
}

// ResizeShape is the output shape of Resize.
func ResizeShape(in []int, p ResizeParams) ([]int, error) {
	out, err := resizeTarget(in, p.OutputShape)
	if err != nil {
		return nil, err
	}
	return resizeOutShape("resize", in, out)
}

func resizeTarget(in, outputShape []int) ([]float64, error) {
	rank := len(in)
	out := make([]float64, 0, rank)
	for _, d := range outputShape {
		out = append(out, float64(d))
	}
	switch len(outputShape) {
	case rank:
	case rank - 1:
		out = append(out, float64(in[rank-1]))
	default:
		return nil, fmt.Errorf("resize: output_shape %v must have %d (or %d) values for a %dD input", outputShape, rank, rank-1, rank)
	}
	return out, nil
}

// Resize resamples an image to output_shape as skimage.transform.resize does on float
// images. With factor = in/out per axis, when anti_aliasing is on the image is first
// smoothed by scipy.ndimage.gaussian_filter with sigma max(0, (factor-1)/2) (a no-op on
// axes that do not shrink, so on equals skimage's automatic default), then
// scipy.ndimage.zoom with grid_mode=True (pixel areas align) interpolates it with the
// spline of the given order; modes are numpy.pad's, translated as skimage does
// (constant to grid-constant, edge to nearest, symmetric to reflect, reflect to mirror,
// wrap to grid-wrap). With clip the result is clipped to the input's [min, max]
// (widened to cval in constant mode when cval lies outside it and inside the result's
// range); an input with NaN is not clipped, as in skimage.
//
//kernreg:op name=resize tags=transform,interpolation ref=skimage.transform.resize slices=coupled shape=ResizeShape
func Resize(dst, image Array, p ResizeParams) error {
	const op = "resize"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	out, err := resizeTarget(image.Shape, p.OutputShape)
	if err != nil {
		return err
	}
	return resample(op, dst, image, out, resizeArgs{p.Order, p.Mode, p.Cval, p.Clip, p.AntiAliasing, p.AntiAliasingSigma})
}

// RescaleParams are the parameters of Rescale.
type RescaleParams struct {
	// Scale factor, one for every axis or one per axis (Z, Y, X).
	Scale []float64 `min:"0"`
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"1" min:"0" max:"5"`
	// How the input is extended past its edges, with numpy.pad's names (constant, edge, symmetric, reflect, wrap), as in skimage.
	Mode string `default:"reflect" enum:"constant,edge,symmetric,reflect,wrap"`
	// Value past the edges in constant mode.
	Cval float64 `default:"0"`
	// Clip the result to the input's range (widened to cval in constant mode when cval appears in the result).
	Clip bool `default:"true"`
	// Smooth with a Gaussian before interpolating, on axes that shrink.
	AntiAliasing bool `default:"true"`
	// Standard deviation of the anti-aliasing Gaussian, one for every axis or one per axis; a negative value (the default) means max(0, (factor-1)/2) with factor = input length / output length.
	AntiAliasingSigma []float64 `default:"-1"`
}

func rescaleTarget(in []int, scale []float64) ([]float64, error) {
	s, err := perAxisFloats("rescale: scale", scale, len(in))
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(in))
	for i, d := range in {
		if !finite(s[i]) || s[i] < 0 {
			return nil, fmt.Errorf("rescale: scale must be finite and >= 0, got %v", scale)
		}
		out[i] = max(roundHalfEven(s[i]*float64(d)), 1)
	}
	return out, nil
}

// RescaleShape is the output shape of Rescale.
func RescaleShape(in []int, p RescaleParams) ([]int, error) {
	out, err := rescaleTarget(in, p.Scale)
	if err != nil {
		return nil, err
	}
	return resizeOutShape("rescale", in, out)
}

// Rescale resizes an image by a scale factor per axis as skimage.transform.rescale does.
// It is Resize to max(round(scale*n), 1) pixels per axis (halves to even), with the same
// anti-aliasing, interpolation, modes and clipping.
//
//kernreg:op name=rescale tags=transform,interpolation ref=skimage.transform.rescale slices=coupled shape=RescaleShape
func Rescale(dst, image Array, p RescaleParams) error {
	const op = "rescale"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	out, err := rescaleTarget(image.Shape, p.Scale)
	if err != nil {
		return err
	}
	return resample(op, dst, image, out, resizeArgs{p.Order, p.Mode, p.Cval, p.Clip, p.AntiAliasing, p.AntiAliasingSigma})
}

// resamplePlan is a validated resize: the output shape, the anti-aliasing Gaussian
// (nil when no axis is smoothed), the interpolation and the clipping.
type resamplePlan struct {
	shape    []int
	smooth   *GaussianParams
	mode     splineMode
	order    int
	cval     float64
	clip     bool
	constant bool // skimage's constant mode: clipping may widen to cval
}

// newResamplePlan validates a resize of an image of shape in to the output lengths out.
func newResamplePlan(op string, in []int, out []float64, a resizeArgs) (resamplePlan, error) {
	want, err := resizeOutShape(op, in, out)
	if err != nil {
		return resamplePlan{}, err
	}
	if err := checkOrder(op, a.order); err != nil {
		return resamplePlan{}, err
	}
	modes, ok := skimageModes[a.mode]
	if !ok {
		return resamplePlan{}, fmt.Errorf("%s: mode must be one of constant, edge, symmetric, reflect, wrap, got %q", op, a.mode)
	}
	if !finite(a.cval) {
		return resamplePlan{}, fmt.Errorf("%s: cval must be finite, got %v", op, a.cval)
	}
	rank := len(in)
	sigma, err := perAxisFloats(op+": anti_aliasing_sigma", a.sigma, rank)
	if err != nil {
		return resamplePlan{}, err
	}
	plan := resamplePlan{shape: want, mode: modes.interp, order: a.order, cval: a.cval, clip: a.clip, constant: a.mode == "constant"}
	if a.antiAliasing {
		s := make([]float64, rank)
		smooth := false
		for i, d := range in {
			switch {
			case math.IsNaN(sigma[i]) || math.IsInf(sigma[i], 0):
				return resamplePlan{}, fmt.Errorf("%s: anti_aliasing_sigma must be finite, got %v", op, a.sigma)
			case sigma[i] < 0:
				s[i] = max(0, (float64(d)/out[i]-1)/2)
			default:
				s[i] = sigma[i]
			}
			smooth = smooth || s[i] > 1e-15
		}
		if smooth {
			plan.smooth = &GaussianParams{Sigma: s, Mode: modes.filter, Cval: a.cval, Truncate: 4}
		}
	}
	return plan, nil
}

// resample is skimage's resize to the output lengths out.
func resample(op string, dst, image Array, out []float64, a resizeArgs) error {
	plan, err := newResamplePlan(op, image.Shape, out, a)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, plan.shape); err != nil {
		return err
	}
	lo, hi := minMax(image.Data)

	filtered := image
	if plan.smooth != nil {
		filtered = Array{Shape: image.Shape, Data: make([]float32, len(image.Data))}
		if err := GaussianFilter(filtered, image, *plan.smooth); err != nil {
			return fmt.Errorf("%s: anti-aliasing: %w", op, err)
		}
	}
	zoomResample(dst, filtered, plan.mode, plan.order, plan.cval, true, true)
	if plan.clip {
		clipResult(dst.Data, lo, hi, plan.constant, plan.cval)
	}
	return nil
}

// minMax returns the minimum and maximum of data; NaN if data holds a NaN (np.min).
func minMax(data []float32) (float32, float32) {
	var mu sync.Mutex
	lo, hi := data[0], data[0]
	parallel(len(data), 1<<16, func(a, b int) {
		l, h := data[a], data[a]
		nan := false
		for _, v := range data[a:b] {
			if v < l {
				l = v
			}
			if v > h {
				h = v
			}
			nan = nan || v != v
		}
		mu.Lock()
		if nan {
			l = float32(math.NaN())
		}
		if l != l || lo != lo {
			lo, hi = l, l
		} else {
			lo, hi = min(lo, l), max(hi, h)
		}
		mu.Unlock()
	})
	return lo, hi
}

// clipResult is skimage's _clip_warp_output on the input range [lo, hi].
func clipResult(out []float32, lo, hi float32, constant bool, cval float64) {
	lo, hi, ok := clipBounds(lo, hi, constant, cval, func() (float32, float32) { return minMax(out) })
	if !ok {
		return
	}
	parallel(len(out), 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			out[i] = min(max(out[i], lo), hi)
		}
	})
}

// clipBounds returns the range skimage's _clip_warp_output clips a result to, from the
// input's range [lo, hi] (NaN when the input holds a NaN) and, asked only in constant
// mode with cval outside the input's range, the result's own range; ok is false when
// nothing is clipped.
func clipBounds(lo, hi float32, constant bool, cval float64, outRange func() (float32, float32)) (float32, float32, bool) {
	if lo != lo { // skimage's bounds are NaN, and numpy.clip with NaN bounds changes nothing
		return lo, hi, false
	}
	if constant && !(float64(lo) <= cval && cval <= float64(hi)) {
		olo, ohi := outRange()
		if float64(olo) <= cval && cval <= float64(ohi) {
			c := float32(cval)
			lo, hi = min(lo, c), max(hi, c)
		}
	}
	return lo, hi, true
}
