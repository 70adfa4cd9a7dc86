package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// Comparisons, logic, masking and more arithmetic: the same results as kernels/cpu's,
// one work item per element (sources at the end of src/elementwise.cl).

var (
	unary2Args  = []Arg{Buf, Int, Buf, Int, Int, Float, Float}
	binary2Args = []Arg{Buf, Int, Buf, Int, Buf, Int, Int, Float, Float}

	kNanToNum          = kernel(srcElementwise, "nan_to_num", Buf, Int, Buf, Int, Int, Float, Float, Float)
	kSetNonzero        = kernel(srcElementwise, "set_nonzero_pixels_to_value", unaryArgs...)
	kPowerImages       = kernel(srcElementwise, "power_images", binaryArgs...)
	kClip              = kernel(srcElementwise, "clip", unary2Args...)
	kAddImagesWeighted = kernel(srcElementwise, "add_images_weighted", binary2Args...)

	kGreater                 = kernel(srcElementwise, "greater", binaryArgs...)
	kGreaterEqual            = kernel(srcElementwise, "greater_equal", binaryArgs...)
	kSmaller                 = kernel(srcElementwise, "smaller", binaryArgs...)
	kSmallerEqual            = kernel(srcElementwise, "smaller_equal", binaryArgs...)
	kEqual                   = kernel(srcElementwise, "equal", binaryArgs...)
	kNotEqual                = kernel(srcElementwise, "not_equal", binaryArgs...)
	kBinaryAnd               = kernel(srcElementwise, "binary_and", binaryArgs...)
	kBinaryOr                = kernel(srcElementwise, "binary_or", binaryArgs...)
	kBinaryXor               = kernel(srcElementwise, "binary_xor", binaryArgs...)
	kMask                    = kernel(srcElementwise, "mask", binaryArgs...)
	kAbsoluteDifference      = kernel(srcElementwise, "absolute_difference", binaryArgs...)
	kSquaredDifference       = kernel(srcElementwise, "squared_difference", binaryArgs...)
	kGreaterConstant         = kernel(srcElementwise, "greater_constant", unaryArgs...)
	kGreaterEqualConstant    = kernel(srcElementwise, "greater_equal_constant", unaryArgs...)
	kSmallerConstant         = kernel(srcElementwise, "smaller_constant", unaryArgs...)
	kSmallerEqualConstant    = kernel(srcElementwise, "smaller_equal_constant", unaryArgs...)
	kEqualConstant           = kernel(srcElementwise, "equal_constant", unaryArgs...)
	kNotEqualConstant        = kernel(srcElementwise, "not_equal_constant", unaryArgs...)
	kBinaryNot               = kernel(srcElementwise, "binary_not", unaryArgs...)
	kSubtractImageFromScalar = kernel(srcElementwise, "subtract_image_from_scalar", unaryArgs...)
	kMaximumImageAndScalar   = kernel(srcElementwise, "maximum_image_and_scalar", unaryArgs...)
	kMinimumImageAndScalar   = kernel(srcElementwise, "minimum_image_and_scalar", unaryArgs...)
	kSquare                  = kernel(srcElementwise, "square", unaryArgs...)
	kSign                    = kernel(srcElementwise, "sign_value", unaryArgs...)
	kReciprocal              = kernel(srcElementwise, "reciprocal", unaryArgs...)
	kUndefinedToZero         = kernel(srcElementwise, "undefined_to_zero", unaryArgs...)
)

// Greater is cpu.Greater on the device.
//
//kernreg:op name=greater tags=comparison,binary,combine ref=numpy.greater slices=independent
func Greater(dst, image1, image2 Array) error {
	return ewBinary("greater", kGreater, dst, image1, image2)
}

// GreaterEqual is cpu.GreaterEqual on the device.
//
//kernreg:op name=greater_equal tags=comparison,binary,combine ref=numpy.greater_equal slices=independent
func GreaterEqual(dst, image1, image2 Array) error {
	return ewBinary("greater_equal", kGreaterEqual, dst, image1, image2)
}

// Smaller is cpu.Smaller on the device.
//
//kernreg:op name=smaller tags=comparison,binary,combine ref=numpy.less slices=independent
func Smaller(dst, image1, image2 Array) error {
	return ewBinary("smaller", kSmaller, dst, image1, image2)
}

// SmallerEqual is cpu.SmallerEqual on the device.
//
//kernreg:op name=smaller_equal tags=comparison,binary,combine ref=numpy.less_equal slices=independent
func SmallerEqual(dst, image1, image2 Array) error {
	return ewBinary("smaller_equal", kSmallerEqual, dst, image1, image2)
}

// Equal is cpu.Equal on the device.
//
//kernreg:op name=equal tags=comparison,binary,combine ref=numpy.equal slices=independent
func Equal(dst, image1, image2 Array) error {
	return ewBinary("equal", kEqual, dst, image1, image2)
}

// NotEqual is cpu.NotEqual on the device.
//
//kernreg:op name=not_equal tags=comparison,binary,combine ref=numpy.not_equal slices=independent
func NotEqual(dst, image1, image2 Array) error {
	return ewBinary("not_equal", kNotEqual, dst, image1, image2)
}

// BinaryAnd is cpu.BinaryAnd on the device.
//
//kernreg:op name=binary_and tags=binary,logical,combine ref=numpy.logical_and slices=independent
func BinaryAnd(dst, image1, image2 Array) error {
	return ewBinary("binary_and", kBinaryAnd, dst, image1, image2)
}

// BinaryOr is cpu.BinaryOr on the device.
//
//kernreg:op name=binary_or tags=binary,logical,combine ref=numpy.logical_or slices=independent
func BinaryOr(dst, image1, image2 Array) error {
	return ewBinary("binary_or", kBinaryOr, dst, image1, image2)
}

// BinaryXor is cpu.BinaryXor on the device.
//
//kernreg:op name=binary_xor tags=binary,logical,combine ref=numpy.logical_xor slices=independent
func BinaryXor(dst, image1, image2 Array) error {
	return ewBinary("binary_xor", kBinaryXor, dst, image1, image2)
}

// Mask is cpu.Mask on the device.
//
//kernreg:op name=mask tags=combine,mask ref="numpy.where(mask!=0,image,0)" slices=independent
func Mask(dst, image, mask Array) error {
	return ewBinary("mask", kMask, dst, image, mask)
}

// AbsoluteDifference is cpu.AbsoluteDifference on the device.
//
//kernreg:op name=absolute_difference tags=arithmetic,combine ref="numpy.absolute(image1-image2)" slices=independent
func AbsoluteDifference(dst, image1, image2 Array) error {
	return ewBinary("absolute_difference", kAbsoluteDifference, dst, image1, image2)
}

// SquaredDifference is cpu.SquaredDifference on the device.
//
//kernreg:op name=squared_difference tags=arithmetic,combine ref="numpy.square(image1-image2)" slices=independent
func SquaredDifference(dst, image1, image2 Array) error {
	return ewBinary("squared_difference", kSquaredDifference, dst, image1, image2)
}

// GreaterConstant is cpu.GreaterConstant on the device.
//
//kernreg:op name=greater_constant tags=comparison,binary ref=numpy.greater slices=independent
func GreaterConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("greater_constant", kGreaterConstant, dst, image, float32(p.Scalar))
}

// GreaterEqualConstant is cpu.GreaterEqualConstant on the device.
//
//kernreg:op name=greater_equal_constant tags=comparison,binary ref=numpy.greater_equal slices=independent
func GreaterEqualConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("greater_equal_constant", kGreaterEqualConstant, dst, image, float32(p.Scalar))
}

// SmallerConstant is cpu.SmallerConstant on the device.
//
//kernreg:op name=smaller_constant tags=comparison,binary ref=numpy.less slices=independent
func SmallerConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("smaller_constant", kSmallerConstant, dst, image, float32(p.Scalar))
}

// SmallerEqualConstant is cpu.SmallerEqualConstant on the device.
//
//kernreg:op name=smaller_equal_constant tags=comparison,binary ref=numpy.less_equal slices=independent
func SmallerEqualConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("smaller_equal_constant", kSmallerEqualConstant, dst, image, float32(p.Scalar))
}

// EqualConstant is cpu.EqualConstant on the device.
//
//kernreg:op name=equal_constant tags=comparison,binary ref=numpy.equal slices=independent
func EqualConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("equal_constant", kEqualConstant, dst, image, float32(p.Scalar))
}

// NotEqualConstant is cpu.NotEqualConstant on the device.
//
//kernreg:op name=not_equal_constant tags=comparison,binary ref=numpy.not_equal slices=independent
func NotEqualConstant(dst, image Array, p cpu.CompareScalarParams) error {
	return ewUnary("not_equal_constant", kNotEqualConstant, dst, image, float32(p.Scalar))
}

// BinaryNot is cpu.BinaryNot on the device.
//
//kernreg:op name=binary_not tags=binary,logical ref=numpy.logical_not slices=independent
func BinaryNot(dst, image Array) error {
	return ewUnary("binary_not", kBinaryNot, dst, image, 0)
}

// SubtractImageFromScalar is cpu.SubtractImageFromScalar on the device.
//
//kernreg:op name=subtract_image_from_scalar tags=arithmetic ref=numpy.subtract slices=independent
func SubtractImageFromScalar(dst, image Array, p cpu.SubtractFromScalarParams) error {
	return ewUnary("subtract_image_from_scalar", kSubtractImageFromScalar, dst, image, float32(p.Scalar))
}

// MaximumImageAndScalar is cpu.MaximumImageAndScalar on the device.
//
//kernreg:op name=maximum_image_and_scalar tags=arithmetic ref=numpy.maximum slices=independent
func MaximumImageAndScalar(dst, image Array, p cpu.ScalarParams) error {
	return ewUnary("maximum_image_and_scalar", kMaximumImageAndScalar, dst, image, float32(p.Scalar))
}

// MinimumImageAndScalar is cpu.MinimumImageAndScalar on the device.
//
//kernreg:op name=minimum_image_and_scalar tags=arithmetic ref=numpy.minimum slices=independent
func MinimumImageAndScalar(dst, image Array, p cpu.ScalarParams) error {
	return ewUnary("minimum_image_and_scalar", kMinimumImageAndScalar, dst, image, float32(p.Scalar))
}

// Square is cpu.Square on the device.
//
//kernreg:op name=square tags=arithmetic ref=numpy.square slices=independent
func Square(dst, image Array) error {
	return ewUnary("square", kSquare, dst, image, 0)
}

// Sign is cpu.Sign on the device.
//
//kernreg:op name=sign tags=arithmetic ref=numpy.sign slices=independent
func Sign(dst, image Array) error {
	return ewUnary("sign", kSign, dst, image, 0)
}

// Reciprocal is cpu.Reciprocal on the device.
//
//kernreg:op name=reciprocal tags=arithmetic ref=numpy.reciprocal slices=independent
func Reciprocal(dst, image Array) error {
	return ewUnary("reciprocal", kReciprocal, dst, image, 0)
}

// UndefinedToZero is cpu.UndefinedToZero on the device.
//
//kernreg:op name=undefined_to_zero tags=arithmetic ref="numpy.where(numpy.isfinite(image),image,0)" slices=independent
func UndefinedToZero(dst, image Array) error {
	return ewUnary("undefined_to_zero", kUndefinedToZero, dst, image, 0)
}

// SetNonzeroPixelsToValue is cpu.SetNonzeroPixelsToValue on the device.
//
//kernreg:op name=set_nonzero_pixels_to_value tags=arithmetic,binary ref="numpy.where(image!=0,value,image)" slices=independent
func SetNonzeroPixelsToValue(dst, image Array, p cpu.SetValueParams) error {
	return ewUnary("set_nonzero_pixels_to_value", kSetNonzero, dst, image, float32(p.Value))
}

// PowerImages is cpu.PowerImages on the device.
//
//kernreg:op name=power_images tags=arithmetic,combine ref=numpy.power slices=independent
func PowerImages(dst, image1, image2 Array) error {
	return ewBinary("power_images", kPowerImages, dst, image1, image2)
}

// Clip is cpu.Clip on the device.
//
//kernreg:op name=clip tags=arithmetic,intensity ref=numpy.clip slices=independent
func Clip(dst, image Array, p cpu.ClipParams) error {
	if err := checkPair("clip", dst.View, image.View); err != nil {
		return err
	}
	n := dst.Len()
	return kClip.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, float32(p.AMin), float32(p.AMax))
}

// AddImagesWeighted is cpu.AddImagesWeighted on the device.
//
//kernreg:op name=add_images_weighted tags=arithmetic,combine ref="numpy:factor1*image1+factor2*image2" slices=independent
func AddImagesWeighted(dst, image1, image2 Array, p cpu.WeightedParams) error {
	if err := checkPair("add_images_weighted", dst.View, image1.View); err != nil {
		return err
	}
	if err := checkPair("add_images_weighted", dst.View, image2.View); err != nil {
		return err
	}
	n := dst.Len()
	return kAddImagesWeighted.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image1.Buf, image1.Off, image2.Buf, image2.Off, n, float32(p.Factor1), float32(p.Factor2))
}

// NanToNum is cpu.NanToNum on the device.
//
//kernreg:op name=nan_to_num tags=arithmetic ref=numpy.nan_to_num slices=independent
func NanToNum(dst, image Array, p cpu.NanToNumParams) error {
	if err := checkPair("nan_to_num", dst.View, image.View); err != nil {
		return err
	}
	n := dst.Len()
	return kNanToNum.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, float32(p.Nan), float32(p.Posinf), float32(p.Neginf))
}
