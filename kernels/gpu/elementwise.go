package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// Elementwise kernels compute exactly what kernels/cpu's do (IEEE float32, numpy's NaN
// and infinity rules), one work item per element.

var (
	srcElementwise = source("elementwise.cl")

	binaryArgs = []Arg{Buf, Int, Buf, Int, Buf, Int, Int}
	unaryArgs  = []Arg{Buf, Int, Buf, Int, Int, Float}

	kAddImages      = kernel(srcElementwise, "add_images", binaryArgs...)
	kSubtractImages = kernel(srcElementwise, "subtract_images", binaryArgs...)
	kMultiplyImages = kernel(srcElementwise, "multiply_images", binaryArgs...)
	kDivideImages   = kernel(srcElementwise, "divide_images", binaryArgs...)
	kMaximumImages  = kernel(srcElementwise, "maximum_images", binaryArgs...)
	kMinimumImages  = kernel(srcElementwise, "minimum_images", binaryArgs...)
	kAddScalar      = kernel(srcElementwise, "add_scalar", unaryArgs...)
	kMultiplyScalar = kernel(srcElementwise, "multiply_scalar", unaryArgs...)
	kAbsolute       = kernel(srcElementwise, "absolute", unaryArgs...)
	kInvert         = kernel(srcElementwise, "invert", unaryArgs...)
	kSquareRoot     = kernel(srcElementwise, "square_root", unaryArgs...)
	kExponential    = kernel(srcElementwise, "exponential", unaryArgs...)
	kLogarithm      = kernel(srcElementwise, "logarithm", unaryArgs...)
	kPower          = kernel(srcElementwise, "power", unaryArgs...)
)

// ewBinary checks dst and both sources and launches k over every element.
func ewBinary(op string, k *Kernel, dst, a, b Array) error {
	if err := checkPair(op, dst.View, a.View); err != nil {
		return err
	}
	if err := checkPair(op, dst.View, b.View); err != nil {
		return err
	}
	n := dst.Len()
	return k.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, a.Buf, a.Off, b.Buf, b.Off, n)
}

// ewUnary checks dst and src and launches k over every element with the scalar s.
func ewUnary(op string, k *Kernel, dst, src Array, s float32) error {
	if err := checkPair(op, dst.View, src.View); err != nil {
		return err
	}
	n := dst.Len()
	return k.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, src.Buf, src.Off, n, s)
}

// AddImages computes image1 + image2 element by element in float32.
//
//kernreg:op name=add_images tags=arithmetic,combine ref=numpy.add slices=independent
func AddImages(dst, image1, image2 Array) error {
	return ewBinary("add_images", kAddImages, dst, image1, image2)
}

// SubtractImages computes image1 - image2 element by element in float32.
//
//kernreg:op name=subtract_images tags=arithmetic,combine ref=numpy.subtract slices=independent
func SubtractImages(dst, image1, image2 Array) error {
	return ewBinary("subtract_images", kSubtractImages, dst, image1, image2)
}

// MultiplyImages computes image1 * image2 element by element in float32.
//
//kernreg:op name=multiply_images tags=arithmetic,combine ref=numpy.multiply slices=independent
func MultiplyImages(dst, image1, image2 Array) error {
	return ewBinary("multiply_images", kMultiplyImages, dst, image1, image2)
}

// DivideImages computes image1 / image2 element by element in float32: a division by
// zero gives ±Inf (or NaN for 0/0), never an error.
//
//kernreg:op name=divide_images tags=arithmetic,combine ref=numpy.divide slices=independent
func DivideImages(dst, image1, image2 Array) error {
	return ewBinary("divide_images", kDivideImages, dst, image1, image2)
}

// MaximumImages takes the larger of image1 and image2 element by element; a NaN in
// either gives NaN, as numpy.maximum does.
//
//kernreg:op name=maximum_images tags=arithmetic,combine ref=numpy.maximum slices=independent
func MaximumImages(dst, image1, image2 Array) error {
	return ewBinary("maximum_images", kMaximumImages, dst, image1, image2)
}

// MinimumImages takes the smaller of image1 and image2 element by element; a NaN in
// either gives NaN, as numpy.minimum does.
//
//kernreg:op name=minimum_images tags=arithmetic,combine ref=numpy.minimum slices=independent
func MinimumImages(dst, image1, image2 Array) error {
	return ewBinary("minimum_images", kMinimumImages, dst, image1, image2)
}

// AddImageAndScalar computes image + float32(scalar) element by element in float32.
//
//kernreg:op name=add_image_and_scalar tags=arithmetic ref=numpy.add slices=independent
func AddImageAndScalar(dst, image Array, p cpu.AddScalarParams) error {
	return ewUnary("add_image_and_scalar", kAddScalar, dst, image, float32(p.Scalar))
}

// MultiplyImageAndScalar computes image * float32(scalar) element by element in float32.
//
//kernreg:op name=multiply_image_and_scalar tags=arithmetic ref=numpy.multiply slices=independent
func MultiplyImageAndScalar(dst, image Array, p cpu.MultiplyScalarParams) error {
	return ewUnary("multiply_image_and_scalar", kMultiplyScalar, dst, image, float32(p.Scalar))
}

// Absolute computes |x| for every pixel by clearing the sign bit: -0 becomes +0 and NaN
// stays NaN.
//
//kernreg:op name=absolute tags=arithmetic ref=numpy.absolute slices=independent
func Absolute(dst, image Array) error {
	return ewUnary("absolute", kAbsolute, dst, image, 0)
}

// Invert inverts a float image as skimage.util.invert does for floats: 1 - x, or -x with
// signed_float.
//
//kernreg:op name=invert tags=arithmetic,exposure ref=skimage.util.invert slices=independent
func Invert(dst, image Array, p cpu.InvertParams) error {
	var signed float32
	if p.SignedFloat {
		signed = 1
	}
	return ewUnary("invert", kInvert, dst, image, signed)
}

// Power raises every pixel to float32(exponent) with C pow semantics: a negative base
// with a non-integer exponent gives NaN, 0 to a negative power gives +Inf, x⁰ is 1 even
// for NaN. The power is evaluated in real and rounded once.
//
//kernreg:op name=power tags=arithmetic ref=numpy.power slices=independent
func Power(dst, image Array, p cpu.PowerParams) error {
	return ewUnary("power", kPower, dst, image, float32(p.Exponent))
}

// SquareRoot computes the correctly rounded square root of every pixel; negative values
// give NaN and -0 stays -0.
//
//kernreg:op name=square_root tags=arithmetic ref=numpy.sqrt slices=independent
func SquareRoot(dst, image Array) error {
	return ewUnary("square_root", kSquareRoot, dst, image, 0)
}

// Exponential computes e^x for every pixel, evaluated in real and rounded once; overflow
// gives +Inf.
//
//kernreg:op name=exponential tags=arithmetic ref=numpy.exp slices=independent
func Exponential(dst, image Array) error {
	return ewUnary("exponential", kExponential, dst, image, 0)
}

// Logarithm computes the natural logarithm of every pixel, evaluated in real and rounded
// once: log(0) is -Inf and a negative value gives NaN.
//
//kernreg:op name=logarithm tags=arithmetic ref=numpy.log slices=independent
func Logarithm(dst, image Array) error {
	return ewUnary("logarithm", kLogarithm, dst, image, 0)
}
