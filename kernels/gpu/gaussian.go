package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The Gaussian family besides GaussianFilter: chains of 1D correlations with kernels/cpu's
// weights (cpu.GaussianKernelOrder, bit-exact with scipy, or cpu.GaussianKernel1D for
// gaussian_laplace and gaussian_gradient_magnitude), summed in scipy's NI_Correlate1D
// order (cpu.CorrelationFold) in real, every pass rounded to float32, and combined in
// float32 as kernels/cpu combines them.

var (
	srcGaussian = source("gaussian.cl")

	kCorrelateFoldedAxis = kernel(srcGaussian, "correlate_folded_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Buf, Int, Int, Int, Real)
	kSumSquares          = kernel(srcGaussian, "sum_squares", Buf, Int, Buf, Int, Int, Int, Int)
	kUnsharp             = kernel(srcGaussian, "unsharp", Buf, Int, Buf, Int, Int, Float, Float, Float)
	kAnyNegative         = kernel(srcGaussian, "any_negative", Buf, Int, Int, Buf)
)

// foldedPass correlates along axis with the odd-length weights w in NI_Correlate1D's
// order.
func foldedPass(op string, axis int, w []float64, mode cpu.Mode, cval float64) pass {
	fold := cpu.CorrelationFold(w)
	return func(out, in View) error {
		dev := out.Dev()
		wb, err := realBuffer(dev, op, w)
		if err != nil {
			return err
		}
		defer wb.Release()
		z, y, x := out.dims3()
		return kCorrelateFoldedAxis.Launch(dev, grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x,
			axis3(len(out.Shape), axis), wb, len(w)/2, fold, int(mode), cval)
	}
}

// gaussianPasses are the passes of scipy's gaussian_filter(sigma, order): one per axis
// with sigma > 1e-15, in axis order, with the weights kernel(sigma, order, radius) (order
// nil: 0 on every axis). With no pass the result is the image, as in scipy.
func gaussianPasses(op string, sigma []float64, order []int, weights func(float64, int, int) []float64,
	mode cpu.Mode, cval, truncate float64) []pass {
	var passes []pass
	for axis, s := range sigma {
		if s <= 1e-15 {
			continue
		}
		o := 0
		if order != nil {
			o = order[axis]
		}
		passes = append(passes, foldedPass(op, axis, weights(s, o, int(truncate*s+0.5)), mode, cval))
	}
	return passes
}

// derivativeTerm writes to dst the term of gaussian_laplace (order 2) or
// gaussian_gradient_magnitude (order 1) for axis d: that order on d, 0 elsewhere.
func derivativeTerm(op string, dst, image View, sigma []float64, d, order int, mode cpu.Mode, cval, truncate float64) error {
	orders := make([]int, len(sigma))
	orders[d] = order
	return chain(op, dst, image, gaussianPasses(op, sigma, orders, cpu.GaussianKernel1D, mode, cval, truncate))
}

// GaussianFilter1D filters every line along axis with a Gaussian of standard deviation
// sigma or, for order > 0, with that derivative of it, as
// scipy.ndimage.gaussian_filter1d: one correlation with kernels/cpu's (scipy's) kernel of
// radius int(truncate*sigma + 0.5), summed in NI_Correlate1D's order in real and rounded
// to float32.
//
//kernreg:op name=gaussian_filter1d tags=filter,smoothing,derivative ref=scipy.ndimage.gaussian_filter1d slices=coupled
func GaussianFilter1D(dst, image Array, p cpu.GaussianFilter1DParams) error {
	const op = "gaussian_filter1d"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	axis, mode, err := cpu.GaussianFilter1DParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	w := cpu.GaussianKernelOrder(p.Sigma, p.Order, int(p.Truncate*p.Sigma+0.5))
	return chain(op, dst.View, image.View, []pass{foldedPass(op, axis, w, mode, p.Cval)})
}

// GaussianDerivative computes scipy.ndimage.gaussian_filter(image, sigma, order=order):
// for every axis with sigma > 1e-15, in axis order, a GaussianFilter1D pass with that
// axis's sigma and derivative order, each rounded to float32. An axis with
// sigma <= 1e-15 gets no pass (its order is ignored); with no pass the result is the
// image.
//
//kernreg:op name=gaussian_derivative tags=filter,derivative,smoothing ref=scipy.ndimage.gaussian_filter slices=coupled
func GaussianDerivative(dst, image Array, p cpu.GaussianDerivativeParams) error {
	const op = "gaussian_derivative"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	sigma, order, mode, err := cpu.GaussianDerivativeParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	return chain(op, dst.View, image.View, gaussianPasses(op, sigma, order, cpu.GaussianKernelOrder, mode, p.Cval, p.Truncate))
}

// GaussianLaplace computes scipy.ndimage.gaussian_laplace, the sum over every axis d of
// gaussian_filter with order 2 on axis d and order 0 on the others: each term a chain of
// passes rounded to float32, the terms added in float32 in axis order. An axis with
// sigma 0 gets no pass, so its term is the image smoothed along the other axes.
//
//kernreg:op name=gaussian_laplace tags=filter,edges,derivative ref=scipy.ndimage.gaussian_laplace slices=coupled
func GaussianLaplace(dst, image Array, p cpu.GaussianParams) error {
	return derivativeSum("gaussian_laplace", dst.View, image.View, p, 2)
}

// GaussianGradientMagnitude computes scipy.ndimage.gaussian_gradient_magnitude, the
// square root of the sum over every axis d of the square of gaussian_filter with order
// 1 on axis d and order 0 on the others, all in float32 as scipy computes it for a
// float32 image; passes and the sigma-0 rule are as in GaussianLaplace.
//
//kernreg:op name=gaussian_gradient_magnitude tags=filter,edges,derivative ref=scipy.ndimage.gaussian_gradient_magnitude slices=coupled
func GaussianGradientMagnitude(dst, image Array, p cpu.GaussianParams) error {
	return derivativeSum("gaussian_gradient_magnitude", dst.View, image.View, p, 1)
}

// derivativeSum adds the derivative terms of every axis into dst: plain sums for order
// 2 (gaussian_laplace), the root of the sum of squares for order 1.
func derivativeSum(op string, dst, image View, p cpu.GaussianParams, order int) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	sigma, mode, err := cpu.GaussianParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	if err := derivativeTerm(op, dst, image, sigma, 0, order, mode, p.Cval, p.Truncate); err != nil {
		return err
	}
	dev := dst.Dev()
	b, err := scratch(dev, op, dst.Len())
	if err != nil {
		return err
	}
	defer b.Release()
	tmp := View{Buf: b, Shape: dst.Shape}
	n := dst.Len()
	for d := 1; d < len(sigma); d++ {
		if err := derivativeTerm(op, tmp, image, sigma, d, order, mode, p.Cval, p.Truncate); err != nil {
			return err
		}
		if order == 2 {
			err = kAddImages.Launch(dev, []int{n}, dst.Buf, dst.Off, dst.Buf, dst.Off, tmp.Buf, 0, n)
		} else {
			err = kSumSquares.Launch(dev, []int{n}, dst.Buf, dst.Off, tmp.Buf, 0, n, b2i(d == 1), b2i(d == len(sigma)-1))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// b2i is 1 for true, 0 for false: a flag argument of a kernel.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DifferenceOfGaussians band-pass filters an image: the image smoothed with a Gaussian
// of low_sigma minus the image smoothed with a Gaussian of high_sigma, as
// skimage.filters.difference_of_gaussians on a float32 image (skimage 0.19): both are
// scipy.ndimage.gaussian_filter results in float32 (GaussianFilter1D's kernels) and
// their difference is rounded to float32. A 3D image is filtered in 3D.
//
//kernreg:op name=difference_of_gaussians tags=filter,band-pass,blob ref=skimage.filters.difference_of_gaussians slices=coupled
func DifferenceOfGaussians(dst, image Array, p cpu.DoGParams) error {
	const op = "difference_of_gaussians"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	low, high, mode, err := cpu.DoGParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	b, err := scratch(dev, op, dst.Len())
	if err != nil {
		return err
	}
	defer b.Release()
	wide := View{Buf: b, Shape: dst.Shape}
	if err := chain(op, wide, image.View, gaussianPasses(op, high, nil, cpu.GaussianKernelOrder, mode, p.Cval, p.Truncate)); err != nil {
		return err
	}
	if err := chain(op, dst.View, image.View, gaussianPasses(op, low, nil, cpu.GaussianKernelOrder, mode, p.Cval, p.Truncate)); err != nil {
		return err
	}
	n := dst.Len()
	return kSubtractImages.Launch(dev, []int{n}, dst.Buf, dst.Off, dst.Buf, dst.Off, wide.Buf, 0, n)
}

// UnsharpMask sharpens an image by adding the detail lost in a Gaussian blur, as
// skimage.filters.unsharp_mask(image, radius, amount, preserve_range) on a float32
// image (skimage 0.19): with blurred = gaussian_filter(image, radius, mode="reflect",
// truncate=4) in float32, the result is image + (image - blurred)·amount in float32
// arithmetic (amount rounded to float32). With preserve_range false the result is
// clipped to [0, 1], or to [-1, 1] when the image has a negative value (found on the
// device; one flag is read back). A 3D image is blurred in 3D.
//
//kernreg:op name=unsharp_mask tags=filter,sharpening ref=skimage.filters.unsharp_mask slices=coupled
func UnsharpMask(dst, image Array, p cpu.UnsharpMaskParams) error {
	const op = "unsharp_mask"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	radius, err := cpu.UnsharpMaskParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	lo, hi := float32(math.Inf(-1)), float32(math.Inf(1))
	if !p.PreserveRange {
		neg, err := anyNegative(op, image.View)
		if err != nil {
			return err
		}
		lo, hi = 0, 1
		if neg {
			lo = -1
		}
	}
	if err := chain(op, dst.View, image.View, gaussianPasses(op, radius, nil, cpu.GaussianKernelOrder, cpu.Reflect, 0, 4)); err != nil {
		return err
	}
	n := dst.Len()
	return kUnsharp.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, float32(p.Amount), lo, hi)
}

// anyNegative reports whether v holds a value < 0 (one flag read back).
func anyNegative(op string, v View) (bool, error) { return deviceFlag(op, kAnyNegative, v) }
