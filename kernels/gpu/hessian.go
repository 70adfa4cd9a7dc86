package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The Hessian family follows kernels/cpu/hessian.go (scikit-image 0.19 on float32
// images): the image smoothed by GaussianDerivative's passes (order 0, truncate 4), the
// Hessian from np.gradient of np.gradient in float32, computed per pixel from the
// smoothed image, and its eigenvalues with the CPU's arithmetic.

var (
	srcHessian = source("hessian.cl")

	kHessianEigenvalue = kernel(srcHessian, "hessian_eigenvalue", Buf, Int, Buf, Int, Int, Int, Int, Int, Float, Real)
)

// thirdTurn is 2π/3 rounded to float64 as Go rounds the constant (the trigonometric
// eigenvalue solution's phase step).
const thirdTurn = 2 * math.Pi / 3

// HessianLargestEigenvalue computes, for every pixel, the largest eigenvalue of the
// Hessian matrix of the Gaussian-smoothed image, as
// skimage.feature.hessian_matrix_eigvals(hessian_matrix(image, sigma, mode, cval,
// order="rc"))[0] (skimage 0.19: no sigma² scaling). 2D eigenvalues follow skimage's
// float32 closed form; 3D ones are the trigonometric solution of the characteristic
// cubic in real. Every axis needs at least 2 pixels.
//
//kernreg:op name=hessian_largest_eigenvalue tags=filter,hessian,ridge ref=skimage.feature.hessian_matrix_eigvals slices=coupled
func HessianLargestEigenvalue(dst, image Array, p cpu.HessianParams) error {
	return hessianEigenvalue("hessian_largest_eigenvalue", dst.View, image.View, p, true)
}

// HessianSmallestEigenvalue computes, for every pixel, the smallest eigenvalue of the
// Hessian matrix of the Gaussian-smoothed image, as
// skimage.feature.hessian_matrix_eigvals(hessian_matrix(image, sigma, mode, cval,
// order="rc"))[-1] (skimage 0.19), computed as HessianLargestEigenvalue's. Every axis
// needs at least 2 pixels.
//
//kernreg:op name=hessian_smallest_eigenvalue tags=filter,hessian,ridge ref=skimage.feature.hessian_matrix_eigvals slices=coupled
func HessianSmallestEigenvalue(dst, image Array, p cpu.HessianParams) error {
	return hessianEigenvalue("hessian_smallest_eigenvalue", dst.View, image.View, p, false)
}

func hessianEigenvalue(op string, dst, image View, p cpu.HessianParams, largest bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	sigma, mode, err := cpu.HessianParamsOf(op, image.Shape, p)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	b, err := scratch(dev, op, dst.Len())
	if err != nil {
		return err
	}
	defer b.Release()
	g := View{Buf: b, Shape: dst.Shape}
	if err := chain(op, g, image, gaussianPasses(op, sigma, nil, cpu.GaussianKernelOrder, mode, p.Cval, 4)); err != nil {
		return err
	}
	rank := len(image.Shape)
	pick := 0
	if !largest {
		pick = rank - 1
	}
	z, y, x := dst.dims3()
	return kHessianEigenvalue.Launch(dev, grid3(dst), dst.Buf, dst.Off, g.Buf, z, y, x,
		b2i(rank == 3), pick, float32(1), float64(thirdTurn))
}
