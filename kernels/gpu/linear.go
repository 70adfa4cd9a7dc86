package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// nD correlations and the 1D filters along one axis, with kernels/cpu's sums: the CPU
// checks the parameters and lists the terms (cpu.CorrelateTaps, cpu.Correlate1DArgs), the
// device adds them in the same order.

var (
	kCorrelateTaps   = kernel(srcFilters, "correlate_taps", Buf, Int, Buf, Int, Int, Int, Int, Buf, Buf, Int, Int, Real)
	kCorrelate1DAxis = kernel(srcFilters, "correlate1d_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Buf, Int, Int, Int, Int, Real)
)

// Correlate computes the correlation of an image with a kernel of weights, as
// scipy.ndimage.correlate(image, weights, mode=mode, cval=cval) with origin 0 and
// kernels/cpu's Correlate's sum: out[i] = 0 + Σ_j w[j]·in[i + j - c] in float64 (real)
// over the weights in C order, skipping |w| <= 2⁻⁵², rounded to float32. Weights with
// fewer axes than the image apply along its last axes; 3D weights on a 2D image treat it
// as a 1-slice volume.
//
//kernreg:op name=correlate tags=filter,linear ref=scipy.ndimage.correlate slices=coupled
func Correlate(dst, image Array, p cpu.CorrelateParams) error {
	return correlateND("correlate", dst.View, image.View, p, false)
}

// Convolve computes the convolution of an image with a kernel of weights, as
// scipy.ndimage.convolve with origin 0: Correlate with the weights reversed on every axis
// and, on axes of even length L, the window covering L/2-1 pixels before the centre and
// L/2 after it.
//
//kernreg:op name=convolve tags=filter,linear ref=scipy.ndimage.convolve slices=coupled
func Convolve(dst, image Array, p cpu.CorrelateParams) error {
	return correlateND("convolve", dst.View, image.View, p, true)
}

func correlateND(op string, dst, image View, p cpu.CorrelateParams, convolve bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	taps, mode, err := cpu.CorrelateTaps(op, p, convolve)
	if err != nil {
		return err
	}
	return correlateTaps(op, dst, image, taps, mode, p.Cval)
}

// correlateTaps writes to dst the sum of the taps' terms over image in tap order
// (one launch of correlate_taps).
func correlateTaps(op string, dst, image View, taps []cpu.CorrelateTap, mode cpu.Mode, cval float64) error {
	dev := dst.Dev()
	// One spare entry each: a kernel of zeros (no taps) still gets buffers.
	offs := make([][3]int, len(taps)+1)
	w := make([]float64, len(taps)+1)
	for i, t := range taps {
		offs[i] = [3]int{t.Dz, t.Dy, t.Dx}
		w[i] = t.W
	}
	ob, err := offsetBuffer(dev, op, offs)
	if err != nil {
		return err
	}
	defer ob.Release()
	wb, err := realBuffer(dev, op, w)
	if err != nil {
		return err
	}
	defer wb.Release()
	z, y, x := dst.dims3()
	return kCorrelateTaps.Launch(dev, grid3(dst), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x,
		ob, wb, len(taps), int(mode), cval)
}

// Correlate1D correlates every line along axis with weights, as
// scipy.ndimage.correlate1d (origin 0): for L weights out[i] = Σ_k w[k]·in[i - L/2 + k],
// summed in NI_Correlate1D's order (folded about the centre for odd (anti)symmetric
// weights, else the last term first) in float64 (real), rounded to float32, as
// kernels/cpu's Correlate1D.
//
//kernreg:op name=correlate1d tags=filter,linear ref=scipy.ndimage.correlate1d slices=coupled
func Correlate1D(dst, image Array, p cpu.Correlate1DParams) error {
	return correlate1D("correlate1d", dst.View, image.View, p, false)
}

// Convolve1D convolves every line along axis with weights, as scipy.ndimage.convolve1d
// (origin 0): Correlate1D with the weights reversed and, for an even number L of
// weights, the window covering L/2-1 pixels before the centre and L/2 after it.
//
//kernreg:op name=convolve1d tags=filter,linear ref=scipy.ndimage.convolve1d slices=coupled
func Convolve1D(dst, image Array, p cpu.Correlate1DParams) error {
	return correlate1D("convolve1d", dst.View, image.View, p, true)
}

func correlate1D(op string, dst, image View, p cpu.Correlate1DParams, convolve bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	c, err := cpu.Correlate1DArgs(op, len(image.Shape), p, convolve)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	wb, err := realBuffer(dev, op, c.W)
	if err != nil {
		return err
	}
	defer wb.Release()
	z, y, x := dst.dims3()
	return kCorrelate1DAxis.Launch(dev, grid3(dst), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x,
		axis3(len(image.Shape), c.Axis), wb, len(c.W), c.Before, c.Fold, int(c.Mode), p.Cval)
}

// UniformFilter1D replaces each pixel by the mean of the size pixels around it along
// axis, as scipy.ndimage.uniform_filter1d (origin 0): the window covers size/2 pixels
// before the centre and size-size/2-1 after it. As kernels/cpu's UniformFilter1D (scipy's
// NI_UniformFilter1D), one work item per line keeps a running sum in real, the first
// window summed in order and then (entering - leaving) added per step, and divides it by
// size at every output; results are rounded to float32.
//
//kernreg:op name=uniform_filter1d tags=filter,smoothing ref=scipy.ndimage.uniform_filter1d slices=coupled
func UniformFilter1D(dst, image Array, p cpu.Filter1DParams) error {
	const op = "uniform_filter1d"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	axis, mode, err := cpu.Filter1DArgs(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	any, err := nonfiniteFlag(op, image.Dev())
	if err != nil {
		return err
	}
	defer any.Release()
	return uniformPass(op, dst.View, image.View, axis3(len(image.Shape), axis), p.Size, true, mode, p.Cval, any, false)
}

// MinimumFilter1D replaces each pixel by the minimum of the size pixels around it along
// axis, as scipy.ndimage.minimum_filter1d (origin 0): MinimumFilter's pass along that
// one axis, bit-identical to kernels/cpu's (scipy's), NaN included.
//
//kernreg:op name=minimum_filter1d tags=filter,rank ref=scipy.ndimage.minimum_filter1d slices=coupled
func MinimumFilter1D(dst, image Array, p cpu.Filter1DParams) error {
	return minMax1D("minimum_filter1d", dst.View, image.View, p, true)
}

// MaximumFilter1D replaces each pixel by the maximum of the size pixels around it along
// axis, as scipy.ndimage.maximum_filter1d (origin 0), with MinimumFilter1D's window and
// exactness.
//
//kernreg:op name=maximum_filter1d tags=filter,rank ref=scipy.ndimage.maximum_filter1d slices=coupled
func MaximumFilter1D(dst, image Array, p cpu.Filter1DParams) error {
	return minMax1D("maximum_filter1d", dst.View, image.View, p, false)
}

func minMax1D(op string, dst, image View, p cpu.Filter1DParams, minimum bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	axis, mode, err := cpu.Filter1DArgs(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	size := make([]int, len(image.Shape))
	for i := range size {
		size[i] = 1
	}
	size[axis] = p.Size
	return minMaxPasses(op, dst, image, size, mode, p.Cval, minimum, false)
}
