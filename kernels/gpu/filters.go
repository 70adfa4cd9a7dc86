package gpu

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Linear filters run as 1D passes along one axis each, with kernels/cpu's arithmetic:
// sums in real in the reference's order, every pass rounded to float32.

var (
	srcFilters = source("filters.cl")

	kCorrelateAxis   = kernel(srcFilters, "correlate_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Buf, Int, Int, Real, Int, Real)
	kDerivative3Axis = kernel(srcFilters, "derivative3_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Real, Int, Real)
	kLaplace         = kernel(srcFilters, "laplace", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Real)
	kUniformAxis     = kernel(srcFilters, "uniform_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Real, Int, Int, Real, Buf, Int)
	kNonfiniteFirst  = kernel(srcFilters, "nonfinite_first", Buf, Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Real)
)

// pass is one step of a chain of passes: it reads in and writes out (never the same).
type pass func(out, in View) error

// chain runs passes from src to dst, alternating between dst and one scratch buffer so
// that the last pass writes dst; with no passes dst is a copy of src.
func chain(op string, dst, src View, passes []pass) error {
	dev := dst.Dev()
	if len(passes) == 0 {
		return dev.Copy(dst.Buf, int64(dst.Off)*4, src.Buf, int64(src.Off)*4, int64(dst.Len())*4)
	}
	var tmp View
	if len(passes) > 1 {
		b, err := scratch(dev, op, dst.Len())
		if err != nil {
			return err
		}
		defer b.Release()
		tmp = View{Buf: b, Shape: dst.Shape}
	}
	in := src
	for i, p := range passes {
		out := dst
		if (len(passes)-1-i)%2 == 1 {
			out = tmp
		}
		if err := p(out, in); err != nil {
			return err
		}
		in = out
	}
	return nil
}

// grid3 is the launch size of a one-item-per-element kernel: (X, Y, Z).
func grid3(v View) []int {
	z, y, x := v.dims3()
	return []int{x, y, z}
}

// axis3 maps an axis of a 2D or 3D array to the kernels' Z/Y/X axis (0, 1, 2).
func axis3(rank, axis int) int { return axis + 3 - rank }

// realBuffer uploads values as the device's real type.
func realBuffer(dev Device, op string, values []float64) (Buffer, error) {
	var data []byte
	if dev.Float64() {
		data = unsafe.Slice((*byte)(unsafe.Pointer(&values[0])), len(values)*8)
	} else {
		f := make([]float32, len(values))
		for i, v := range values {
			f[i] = float32(v)
		}
		data = bytesOf(f)
	}
	b, err := dev.Alloc(int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: weights: %w", op, err)
	}
	if err := dev.Write(b, 0, data); err != nil {
		b.Release()
		return nil, err
	}
	return b, nil
}

// correlatePass correlates along axis with weights w, the window starting before
// elements ahead of the centre, and scales the sums.
func correlatePass(op string, axis int, w []float64, before int, scale float64, mode cpu.Mode, cval float64) pass {
	return func(out, in View) error {
		dev := out.Dev()
		wb, err := realBuffer(dev, op, w)
		if err != nil {
			return err
		}
		defer wb.Release()
		z, y, x := out.dims3()
		return kCorrelateAxis.Launch(dev, grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x,
			axis3(len(out.Shape), axis), wb, len(w), before, scale, int(mode), cval)
	}
}

var (
	perAxisFloats = cpu.PerAxis[float64]
	perAxisInts   = cpu.PerAxis[int]
)

// parseMode is cpu.ParseMode with the op's name on the error.
func parseMode(op, s string) (cpu.Mode, error) {
	m, err := cpu.ParseMode(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	return m, nil
}

// GaussianFilter smooths an image with a Gaussian kernel, as separable 1D correlations
// along every axis with kernels/cpu's weights: on each axis with sigma s > 0 the kernel
// has radius r = int(truncate*s + 0.5) and weights exp(-x²/(2s²)) for x in [-r, r],
// normalised to sum 1; axes with s = 0 are left unchanged.
//
//kernreg:op name=gaussian_filter tags=filter,smoothing ref=scipy.ndimage.gaussian_filter slices=coupled
func GaussianFilter(dst, image Array, p cpu.GaussianParams) error {
	const op = "gaussian_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	sigma, err := perAxisFloats(op+": sigma", p.Sigma, len(image.Shape))
	if err != nil {
		return err
	}
	for _, s := range sigma {
		if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("%s: sigma must be finite and >= 0, got %v", op, s)
		}
	}
	if p.Truncate < 0 || math.IsNaN(p.Truncate) || math.IsInf(p.Truncate, 0) {
		return fmt.Errorf("%s: truncate must be finite and >= 0, got %v", op, p.Truncate)
	}
	for _, s := range sigma {
		if r := p.Truncate*s + 0.5; r > cpu.MaxGaussianRadius {
			return fmt.Errorf("%s: sigma %v with truncate %v gives a kernel radius of %.0f, more than %d",
				op, s, p.Truncate, r, cpu.MaxGaussianRadius)
		}
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	var passes []pass
	for axis, s := range sigma {
		if s <= 1e-15 {
			continue
		}
		r := int(p.Truncate*s + 0.5)
		passes = append(passes, correlatePass(op, axis, cpu.GaussianWeights(s, r), r, 1, mode, p.Cval))
	}
	return chain(op, dst.View, image.View, passes)
}

// UniformFilter replaces each pixel by the mean over a box of the given size, as
// separable running means along every axis (scipy's: a NaN spreads along the rest of
// its line). For an even size s the box covers s/2 pixels before the centre and s/2-1
// after it, as in scipy.
//
//kernreg:op name=uniform_filter tags=filter,smoothing ref=scipy.ndimage.uniform_filter slices=coupled
func UniformFilter(dst, image Array, p cpu.BoxParams) error {
	const op = "uniform_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	size, err := perAxisInts(op+": size", p.Size, len(image.Shape))
	if err != nil {
		return err
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	var any Buffer // the passes run after the loop has made it
	var passes []pass
	for axis, s := range size {
		if s < 1 {
			return fmt.Errorf("%s: size must be >= 1, got %d", op, s)
		}
		if s > cpu.MaxGaussianRadius {
			return fmt.Errorf("%s: size %d is more than %d", op, s, cpu.MaxGaussianRadius)
		}
		if s == 1 {
			continue
		}
		ax, later := axis3(len(image.Shape), axis), len(passes) > 0
		passes = append(passes, func(out, in View) error {
			return uniformPass(op, out, in, ax, s, false, mode, p.Cval, any, later)
		})
	}
	if any, err = nonfiniteFlag(op, image.Dev()); err != nil {
		return err
	}
	defer any.Release()
	return chain(op, dst.View, image.View, passes)
}

// nonfiniteFlag is a cleared uint for uniformPass's any: a filter's first pass sets it
// where it meets a NaN or an infinity, and its later passes look for them only then.
func nonfiniteFlag(op string, dev Device) (Buffer, error) {
	any, err := scratch(dev, op, 1)
	if err == nil {
		if err = dev.Fill32(any, 0, 0, 1); err != nil {
			any.Release()
		}
	}
	return any, err
}

// uniformPass is one axis (the kernels' ax, 0 is Z) of a uniform filter from in to out:
// nonfinite_first finds where each line turns to NaN for good, then uniform_axis averages
// the windows, one work item per output or, for windows over 8, per run of size/2 outputs
// (each reads size values to start). divide selects scipy's NI_UniformFilter1D quotient
// (sum / size) over UniformFilter's product (sum * (1/size)). any is the filter's
// nonfinite flag (nonfiniteFlag); a later pass skips the search while it is clear.
func uniformPass(op string, out, in View, ax, size int, divide bool, mode cpu.Mode, cval float64, any Buffer, later bool) error {
	dev := out.Dev()
	z, y, x := out.dims3()
	dims := []int{z, y, x}
	n := dims[ax]
	lines := z * y * x / n
	first, err := scratch(dev, op, lines)
	if err != nil {
		return err
	}
	defer first.Release()
	if err := dev.Fill32(first, 0, math.MaxUint32, int64(lines)); err != nil {
		return err
	}
	if err := kNonfiniteFirst.Launch(dev, []int{x, y}, first, any, b2i(later), in.Buf, in.Off, z, y, x, ax, size/2, int(mode), cval); err != nil {
		return err
	}
	seg := 1
	if size > 8 {
		seg = size / 2
	}
	dims[ax] = (n + seg - 1) / seg
	return kUniformAxis.Launch(dev, []int{dims[2], dims[1], dims[0]}, out.Buf, out.Off, in.Buf, in.Off, z, y, x,
		ax, size, size/2, 1/float64(size), b2i(divide), int(mode), cval, first, seg)
}

// Sobel computes scipy.ndimage.sobel, the central difference [-1, 0, 1] along axis
// followed by the smoothing [1, 2, 1] along every other axis in increasing axis order,
// unnormalised. Each pass is a 1D correlation whose result is rounded to float32, as
// scipy stores it.
//
//kernreg:op name=sobel tags=filter,edges,derivative ref=scipy.ndimage.sobel slices=coupled
func Sobel(dst, image Array, p cpu.EdgeAxisParams) error {
	return derivativeFilter("sobel", dst, image, p, 2)
}

// Prewitt computes scipy.ndimage.prewitt, the central difference [-1, 0, 1] along axis
// followed by the smoothing [1, 1, 1] along every other axis in increasing axis order,
// unnormalised. Each pass is a 1D correlation whose result is rounded to float32, as
// scipy stores it.
//
//kernreg:op name=prewitt tags=filter,edges,derivative ref=scipy.ndimage.prewitt slices=coupled
func Prewitt(dst, image Array, p cpu.EdgeAxisParams) error {
	return derivativeFilter("prewitt", dst, image, p, 1)
}

func derivativeFilter(op string, dst, image Array, p cpu.EdgeAxisParams, centre float64) error {
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	rank := len(image.Shape)
	if p.Axis < -rank || p.Axis >= rank {
		return fmt.Errorf("%s: axis must be in [%d, %d] for a %dD image, got %d", op, -rank, rank-1, rank, p.Axis)
	}
	axis := (p.Axis + rank) % rank
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	step := func(ax int, c float64) pass {
		return func(out, in View) error {
			z, y, x := out.dims3()
			return kDerivative3Axis.Launch(out.Dev(), grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x,
				axis3(rank, ax), c, int(mode), p.Cval)
		}
	}
	passes := []pass{step(axis, -1)}
	for ax := range rank {
		if ax != axis {
			passes = append(passes, step(ax, centre))
		}
	}
	return chain(op, dst.View, image.View, passes)
}

// Laplace computes scipy.ndimage.laplace, the sum over every axis of the second
// difference [1, -2, 1] along that axis. As in scipy for a float32 image, each axis's
// difference is rounded to float32 and the terms are added in float32 in axis order
// (Z, Y, X).
//
//kernreg:op name=laplace tags=filter,edges,derivative ref=scipy.ndimage.laplace slices=coupled
func Laplace(dst, image Array, p cpu.LaplaceParams) error {
	const op = "laplace"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	threeD := 0
	if len(image.Shape) == 3 {
		threeD = 1
	}
	z, y, x := dst.dims3()
	return kLaplace.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x, threeD, int(mode), p.Cval)
}
