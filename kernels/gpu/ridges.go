package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// The ridge filters of kernels/cpu/ridges.go (skimage 0.19): for every sigma, the image
// smoothed by the Gaussian passes, then one work item per pixel computes the
// eigenvalues of sigma²·H (HessianLargestEigenvalue's device code) and the filter's
// response, and keeps the maximum over the sigmas in dst.

var (
	kSatoScale      = kernel(srcHessian, "sato_scale", Buf, Int, Buf, Int, Int, Int, Int, Int, Float, Real)
	kFrangiScale    = kernel(srcHessian, "frangi_scale", Buf, Int, Buf, Int, Int, Int, Int, Int, Float, Real, Float, Float, Float)
	kMeijeringAux   = kernel(srcHessian, "meijering_aux", Buf, Buf, Int, Int, Int, Int, Float, Real, Float)
	kMeijeringScale = kernel(srcHessian, "meijering_scale", Buf, Int, Buf, Int, Int, Float)
)

// Sato computes the Sato tubeness filter, as skimage.filters.sato (skimage 0.19) on a
// float32 image: with the eigenvalues of sigma²·H sorted by value, l1 <= l2 (<= l3),
// the response at each scale is |l2| in 2D or sqrt(|l2·l3|) in 3D (float32) where the
// largest eigenvalue is > 0, and 0 elsewhere; the result is the maximum over the
// sigmas. With black_ridges=false the image is first inverted to 1 - image.
//
//kernreg:op name=sato tags=filter,ridge,vesselness ref=skimage.filters.sato slices=coupled
func Sato(dst, image Array, p cpu.SatoParams) error {
	const op = "sato"
	return ridgeScales(op, dst.View, image.View, p.Sigmas, p.Mode, p.Cval, !p.BlackRidges,
		func(g View, first bool, scale float32) error {
			z, y, x := dst.dims3()
			return kSatoScale.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, g.Buf, z, y, x,
				b2i(len(dst.Shape) == 3), b2i(first), scale, float64(thirdTurn))
		})
}

// Frangi computes the Frangi vesselness filter, as skimage.filters.frangi (skimage
// 0.19) on a float32 image. With the eigenvalues of sigma²·H sorted by absolute value,
// l1 first, and in float32: Rb = (l1 / r)² with r = |l2| (2D) or sqrt(|l2·l3|) (3D),
// Ra = (l2/l3)² (3D only), S = l1² + l2² (+ l3²), zero divisors replaced by 1e-10, and
// the response (1 - exp(-Ra/(2α²)))·exp(-Rb/(2β²))·(1 - exp(-S/(2γ²))) (2D without the
// first factor), set to 0 where the largest of l2 (, l3) is > 0; the result is the
// maximum over the sigmas. With black_ridges=true the image is first inverted to
// 1 - image. exp is evaluated in real and rounded once, as kernels/cpu's.
//
//kernreg:op name=frangi tags=filter,ridge,vesselness ref=skimage.filters.frangi slices=coupled
func Frangi(dst, image Array, p cpu.FrangiParams) error {
	const op = "frangi"
	alphaSq, betaSq, gammaSq, err := cpu.FrangiWeightsOf(op, p)
	if err != nil {
		return err
	}
	return ridgeScales(op, dst.View, image.View, p.Sigmas, p.Mode, p.Cval, p.BlackRidges,
		func(g View, first bool, scale float32) error {
			z, y, x := dst.dims3()
			return kFrangiScale.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, g.Buf, z, y, x,
				b2i(len(dst.Shape) == 3), b2i(first), scale, float64(thirdTurn), alphaSq, betaSq, gammaSq)
		})
}

// Meijering computes the Meijering neuriteness filter, as skimage.filters.meijering
// (skimage 0.19) on a float32 image: with l the eigenvalue of sigma²·H of largest
// magnitude, aux = l·α + l (2D) or (l·α + l·α) + l (3D) in float32, α = alpha (1/ndim
// for the default -1); with m the minimum of aux over the whole image (1e-10 if it is
// 0, NaN if aux holds a NaN) the response is aux/m where aux < 0 and 0 elsewhere, and
// the result is the maximum over the sigmas. With black_ridges=true the image is first
// inverted to 1 - image. m comes from the device range reduction of each scale's aux.
//
//kernreg:op name=meijering tags=filter,ridge,neurite ref=skimage.filters.meijering slices=coupled
func Meijering(dst, image Array, p cpu.MeijeringParams) error {
	const op = "meijering"
	alpha, err := cpu.MeijeringAlphaOf(op, p.Alpha, len(image.Shape))
	if err != nil {
		return err
	}
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	n := dst.Len()
	b, err := scratch(dst.Dev(), op, n)
	if err != nil {
		return err
	}
	defer b.Release()
	aux := View{Buf: b, Shape: dst.Shape}
	return ridgeScales(op, dst.View, image.View, p.Sigmas, p.Mode, p.Cval, p.BlackRidges,
		func(g View, first bool, scale float32) error {
			dev := dst.Dev()
			z, y, x := dst.dims3()
			if err := kMeijeringAux.Launch(dev, grid3(dst.View), aux.Buf, g.Buf, z, y, x,
				b2i(len(dst.Shape) == 3), scale, float64(thirdTurn), alpha); err != nil {
				return err
			}
			r, err := deviceRange(op, aux)
			if err != nil {
				return err
			}
			m := r.nanOr()
			if m == 0 {
				m = 1e-10 // skimage's _divide_nonzero
			}
			return kMeijeringScale.Launch(dev, []int{n}, dst.Buf, dst.Off, aux.Buf, n, b2i(first), m)
		})
}

// ridgeScales checks the arguments common to the ridge filters, inverts the image to
// 1 - image (float32) when invert is set, and calls merge for every sigma, in order,
// with the image smoothed by gaussian_filter(sigma, truncate=4) on every axis and the
// Hessian's scale float32(sigma²).
func ridgeScales(op string, dst, image View, sigmas []float64, modeName string, cval float64, invert bool,
	merge func(g View, first bool, scale float32) error) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	mode, err := cpu.RidgeParamsOf(op, image.Shape, sigmas, modeName)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	n := dst.Len()
	src := image
	if invert {
		b, err := scratch(dev, op, n)
		if err != nil {
			return err
		}
		defer b.Release()
		src = View{Buf: b, Shape: dst.Shape}
		if err := kInvert.Launch(dev, []int{n}, src.Buf, 0, image.Buf, image.Off, n, float32(0)); err != nil {
			return err
		}
	}
	b, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer b.Release()
	g := View{Buf: b, Shape: dst.Shape}
	per := make([]float64, len(dst.Shape))
	for i, s := range sigmas {
		for a := range per {
			per[a] = s
		}
		if err := chain(op, g, src, gaussianPasses(op, per, nil, cpu.GaussianKernelOrder, mode, cval, 4)); err != nil {
			return err
		}
		if err := merge(g, i == 0, float32(s*s)); err != nil {
			return err
		}
	}
	return nil
}
