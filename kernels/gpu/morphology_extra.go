package gpu

import "github.com/kernreg/kernreg/kernels/cpu"

// Tophats, gradient, Laplace and Gaussian background: compositions of the grey morphology, Gaussian and
// elementwise kernels, in the float32 order kernels/cpu (and scipy) use, so results are identical.

// withTemps runs fn with k scratch arrays shaped like image, released after fn.
func withTemps(op string, image Array, k int, fn func(t []Array) error) error {
	t := make([]Array, k)
	for i := range t {
		b, err := scratch(image.Dev(), op, image.Len())
		if err != nil {
			return err
		}
		defer b.Release()
		t[i] = Array{View{Buf: b, Shape: image.Shape}}
	}
	return fn(t)
}

// WhiteTophat is image - GreyOpening(image), as cpu.WhiteTophat.
//
//kernreg:op name=white_tophat tags=morphology,grey,background ref=scipy.ndimage.white_tophat slices=coupled
func WhiteTophat(dst, image Array, p cpu.GreyParams) error {
	if err := checkPair("white_tophat", dst.View, image.View); err != nil {
		return err
	}
	return withTemps("white_tophat", image, 1, func(t []Array) error {
		if err := GreyOpening(t[0], image, p); err != nil {
			return err
		}
		return SubtractImages(dst, image, t[0])
	})
}

// BlackTophat is GreyClosing(image) - image, as cpu.BlackTophat.
//
//kernreg:op name=black_tophat tags=morphology,grey,background ref=scipy.ndimage.black_tophat slices=coupled
func BlackTophat(dst, image Array, p cpu.GreyParams) error {
	if err := checkPair("black_tophat", dst.View, image.View); err != nil {
		return err
	}
	return withTemps("black_tophat", image, 1, func(t []Array) error {
		if err := GreyClosing(t[0], image, p); err != nil {
			return err
		}
		return SubtractImages(dst, t[0], image)
	})
}

// MorphologicalGradient is GreyDilation(image) - GreyErosion(image), as
// cpu.MorphologicalGradient.
//
//kernreg:op name=morphological_gradient tags=morphology,grey,edges ref=scipy.ndimage.morphological_gradient slices=coupled
func MorphologicalGradient(dst, image Array, p cpu.GreyParams) error {
	if err := checkPair("morphological_gradient", dst.View, image.View); err != nil {
		return err
	}
	return withTemps("morphological_gradient", image, 2, func(t []Array) error {
		if err := GreyDilation(t[0], image, p); err != nil {
			return err
		}
		if err := GreyErosion(t[1], image, p); err != nil {
			return err
		}
		return SubtractImages(dst, t[0], t[1])
	})
}

// MorphologicalLaplace is ((GreyDilation + GreyErosion) - image) - image, as
// cpu.MorphologicalLaplace.
//
//kernreg:op name=morphological_laplace tags=morphology,grey,edges ref=scipy.ndimage.morphological_laplace slices=coupled
func MorphologicalLaplace(dst, image Array, p cpu.GreyParams) error {
	if err := checkPair("morphological_laplace", dst.View, image.View); err != nil {
		return err
	}
	return withTemps("morphological_laplace", image, 2, func(t []Array) error {
		if err := GreyDilation(t[0], image, p); err != nil {
			return err
		}
		if err := GreyErosion(t[1], image, p); err != nil {
			return err
		}
		if err := AddImages(t[0], t[0], t[1]); err != nil {
			return err
		}
		if err := SubtractImages(t[0], t[0], image); err != nil {
			return err
		}
		return SubtractImages(dst, t[0], image)
	})
}

// SubtractGaussianBackground is image - GaussianFilter(image), as
// cpu.SubtractGaussianBackground.
//
//kernreg:op name=subtract_gaussian_background tags=background,filter ref="image-scipy.ndimage.gaussian_filter(image,sigma)" slices=coupled
func SubtractGaussianBackground(dst, image Array, p cpu.SubtractGaussianBackgroundParams) error {
	if err := checkPair("subtract_gaussian_background", dst.View, image.View); err != nil {
		return err
	}
	gp := cpu.GaussianParams{Sigma: p.Sigma, Mode: p.Mode, Cval: p.Cval, Truncate: p.Truncate}
	return withTemps("subtract_gaussian_background", image, 1, func(t []Array) error {
		if err := GaussianFilter(t[0], image, gp); err != nil {
			return err
		}
		return SubtractImages(dst, image, t[0])
	})
}
