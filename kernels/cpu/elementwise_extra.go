package cpu

import (
	"fmt"
	"math"
)

// Comparisons, logical operations, masking and further arithmetic, element by element,
// with numpy's float32 semantics (see elementwise.go). Comparisons and logical
// operations write 1 for true and 0 for false; a comparison with NaN is false except
// "not equal", which is true. Logical operations read any nonzero value, NaN included,
// as true, as numpy.logical_and does.

// truth32 is 1 for true and 0 for false, without a branch (the compiler turns the
// integer select into SETcc): comparisons of noisy images are unpredictable, and a
// mispredicted branch per pixel costs several times the whole loop.
func truth32(b bool) float32 { return one32(bit(b)) }

// bit is 1 for true and 0 for false.
func bit(b bool) uint32 {
	var u uint32
	if b {
		u = 1
	}
	return u
}

// one32 maps 1 to float32(1) (bits 0x3f800000) and 0 to 0.
func one32(u uint32) float32 { return math.Float32frombits(-u & 0x3f800000) }

// Greater sets each pixel to 1 where image1 > image2 and 0 elsewhere.
//
//kernreg:op name=greater tags=comparison,binary,combine ref=numpy.greater slices=independent
func Greater(dst, image1, image2 Array) error {
	return ewBinary("greater", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] > y[i])
		}
	})
}

// GreaterEqual sets each pixel to 1 where image1 >= image2 and 0 elsewhere.
//
//kernreg:op name=greater_equal tags=comparison,binary,combine ref=numpy.greater_equal slices=independent
func GreaterEqual(dst, image1, image2 Array) error {
	return ewBinary("greater_equal", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] >= y[i])
		}
	})
}

// Smaller sets each pixel to 1 where image1 < image2 and 0 elsewhere.
//
//kernreg:op name=smaller tags=comparison,binary,combine ref=numpy.less slices=independent
func Smaller(dst, image1, image2 Array) error {
	return ewBinary("smaller", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] < y[i])
		}
	})
}

// SmallerEqual sets each pixel to 1 where image1 <= image2 and 0 elsewhere.
//
//kernreg:op name=smaller_equal tags=comparison,binary,combine ref=numpy.less_equal slices=independent
func SmallerEqual(dst, image1, image2 Array) error {
	return ewBinary("smaller_equal", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] <= y[i])
		}
	})
}

// Equal sets each pixel to 1 where image1 == image2 and 0 elsewhere (NaN equals
// nothing; -0 equals +0).
//
//kernreg:op name=equal tags=comparison,binary,combine ref=numpy.equal slices=independent
func Equal(dst, image1, image2 Array) error {
	return ewBinary("equal", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] == y[i])
		}
	})
}

// NotEqual sets each pixel to 1 where image1 != image2 and 0 elsewhere (NaN differs
// from everything, itself included).
//
//kernreg:op name=not_equal tags=comparison,binary,combine ref=numpy.not_equal slices=independent
func NotEqual(dst, image1, image2 Array) error {
	return ewBinary("not_equal", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = truth32(x[i] != y[i])
		}
	})
}

// CompareScalarParams are the parameters of the comparisons with a constant.
type CompareScalarParams struct {
	// Constant every pixel is compared with (rounded to float32).
	Scalar float64 `default:"0"`
}

// GreaterConstant sets each pixel to 1 where image > float32(scalar) and 0 elsewhere.
//
//kernreg:op name=greater_constant tags=comparison,binary ref=numpy.greater slices=independent
func GreaterConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("greater_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] > s)
		}
	})
}

// GreaterEqualConstant sets each pixel to 1 where image >= float32(scalar) and 0
// elsewhere.
//
//kernreg:op name=greater_equal_constant tags=comparison,binary ref=numpy.greater_equal slices=independent
func GreaterEqualConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("greater_equal_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] >= s)
		}
	})
}

// SmallerConstant sets each pixel to 1 where image < float32(scalar) and 0 elsewhere.
//
//kernreg:op name=smaller_constant tags=comparison,binary ref=numpy.less slices=independent
func SmallerConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("smaller_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] < s)
		}
	})
}

// SmallerEqualConstant sets each pixel to 1 where image <= float32(scalar) and 0
// elsewhere.
//
//kernreg:op name=smaller_equal_constant tags=comparison,binary ref=numpy.less_equal slices=independent
func SmallerEqualConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("smaller_equal_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] <= s)
		}
	})
}

// EqualConstant sets each pixel to 1 where image == float32(scalar) and 0 elsewhere.
//
//kernreg:op name=equal_constant tags=comparison,binary ref=numpy.equal slices=independent
func EqualConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("equal_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] == s)
		}
	})
}

// NotEqualConstant sets each pixel to 1 where image != float32(scalar) and 0 elsewhere
// (NaN pixels give 1).
//
//kernreg:op name=not_equal_constant tags=comparison,binary ref=numpy.not_equal slices=independent
func NotEqualConstant(dst, image Array, p CompareScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("not_equal_constant", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] != s)
		}
	})
}

// BinaryAnd sets each pixel to 1 where both images are nonzero (NaN counts as nonzero)
// and 0 elsewhere.
//
//kernreg:op name=binary_and tags=binary,logical,combine ref=numpy.logical_and slices=independent
func BinaryAnd(dst, image1, image2 Array) error {
	return ewBinary("binary_and", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = one32(bit(x[i] != 0) & bit(y[i] != 0))
		}
	})
}

// BinaryOr sets each pixel to 1 where either image is nonzero (NaN counts as nonzero)
// and 0 elsewhere.
//
//kernreg:op name=binary_or tags=binary,logical,combine ref=numpy.logical_or slices=independent
func BinaryOr(dst, image1, image2 Array) error {
	return ewBinary("binary_or", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = one32(bit(x[i] != 0) | bit(y[i] != 0))
		}
	})
}

// BinaryXor sets each pixel to 1 where exactly one of the images is nonzero (NaN counts
// as nonzero) and 0 elsewhere.
//
//kernreg:op name=binary_xor tags=binary,logical,combine ref=numpy.logical_xor slices=independent
func BinaryXor(dst, image1, image2 Array) error {
	return ewBinary("binary_xor", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = one32(bit(x[i] != 0) ^ bit(y[i] != 0))
		}
	})
}

// BinaryNot sets each pixel to 1 where the image is zero and 0 elsewhere (NaN counts as
// nonzero).
//
//kernreg:op name=binary_not tags=binary,logical ref=numpy.logical_not slices=independent
func BinaryNot(dst, image Array) error {
	return ewUnary("binary_not", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = truth32(x[i] == 0)
		}
	})
}

// Mask keeps the image where the mask is nonzero (NaN counts as nonzero) and writes 0
// elsewhere; a NaN pixel under a zero mask becomes 0, unlike image * (mask != 0).
//
//kernreg:op name=mask tags=combine,mask ref="numpy.where(mask!=0,image,0)" slices=independent
func Mask(dst, image, mask Array) error {
	return ewBinary("mask", dst, image, mask, func(d, x, m []float32) {
		for i := range d {
			if m[i] != 0 {
				d[i] = x[i]
			} else {
				d[i] = 0
			}
		}
	})
}

// MaskLabelParams are the parameters of MaskLabel.
type MaskLabelParams struct {
	// The label whose pixels are kept.
	Label int `default:"1" min:"0" max:"4294967295"`
}

// MaskLabel keeps the image where the label image equals label and writes 0 elsewhere.
//
//kernreg:op name=mask_label tags=combine,mask,label ref="numpy.where(label_map==label,image,0)" slices=independent
func MaskLabel(dst, image Array, labelMap LabelArray, p MaskLabelParams) error {
	const op = "mask_label"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkData(op, labelMap.Shape, len(labelMap.Data)); err != nil {
		return err
	}
	if err := sameShape(op, image.Shape, labelMap.Shape); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	want := uint32(p.Label)
	d, x, l := dst.Data, image.Data[:len(dst.Data)], labelMap.Data[:len(dst.Data)]
	parallel(len(d), ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if l[i] == want {
				d[i] = x[i]
			} else {
				d[i] = 0
			}
		}
	})
	return nil
}

// Check checks the label's range (the GPU kernels share it).
func (p MaskLabelParams) Check(op string) error {
	if p.Label < 0 || p.Label > math.MaxUint32 {
		return fmt.Errorf("%s: label must be in [0, 4294967295], got %d", op, p.Label)
	}
	return nil
}

// ClipParams are the parameters of Clip.
type ClipParams struct {
	// Lower bound (rounded to float32).
	AMin float64 `param:"a_min"`
	// Upper bound (rounded to float32).
	AMax float64 `param:"a_max"`
}

// Clip limits every pixel to [a_min, a_max] as numpy.clip does: min(max(x, a_min),
// a_max), so a_min > a_max gives a_max everywhere and a NaN pixel or bound gives NaN.
// Pass -inf or inf for a side that should stay open.
//
//kernreg:op name=clip tags=arithmetic,intensity ref=numpy.clip slices=independent
func Clip(dst, image Array, p ClipParams) error {
	lo, hi := float32(p.AMin), float32(p.AMax)
	return ewUnary("clip", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = min(max(x[i], lo), hi) // the builtins propagate NaN, as numpy does
		}
	})
}

// NanToNumParams are the parameters of NanToNum.
type NanToNumParams struct {
	// Value that replaces NaN (rounded to float32).
	Nan float64 `default:"0"`
	// Value that replaces +Inf (rounded to float32); numpy's default is the largest float32.
	Posinf float64 `default:"3.4028234663852886e+38"`
	// Value that replaces -Inf (rounded to float32); numpy's default is the most negative float32.
	Neginf float64 `default:"-3.4028234663852886e+38"`
}

// NanToNum replaces NaN by nan, +Inf by posinf and -Inf by neginf, each rounded to
// float32 (so a replacement beyond the float32 range becomes ±Inf, as in numpy), and
// keeps every finite pixel.
//
//kernreg:op name=nan_to_num tags=arithmetic ref=numpy.nan_to_num slices=independent
func NanToNum(dst, image Array, p NanToNumParams) error {
	nan, pinf, ninf := float32(p.Nan), float32(p.Posinf), float32(p.Neginf)
	return ewUnary("nan_to_num", dst, image, func(d, x []float32) {
		for i, v := range x[:len(d)] {
			switch {
			case v != v:
				v = nan
			case v > math.MaxFloat32:
				v = pinf
			case v < -math.MaxFloat32:
				v = ninf
			}
			d[i] = v
		}
	})
}

// UndefinedToZero replaces NaN, +Inf and -Inf by 0 and keeps every finite pixel.
//
//kernreg:op name=undefined_to_zero tags=arithmetic ref="numpy.where(numpy.isfinite(image),image,0)" slices=independent
func UndefinedToZero(dst, image Array) error {
	return ewUnary("undefined_to_zero", dst, image, func(d, x []float32) {
		for i, v := range x[:len(d)] {
			if v-v != 0 { // NaN for NaN and ±Inf, 0 for every finite v
				v = 0
			}
			d[i] = v
		}
	})
}

// SetValueParams are the parameters of SetNonzeroPixelsToValue.
type SetValueParams struct {
	// Value written to every nonzero pixel (rounded to float32).
	Value float64 `default:"0"`
}

// SetNonzeroPixelsToValue writes float32(value) where the image is nonzero (NaN counts as
// nonzero) and keeps the zeros.
//
//kernreg:op name=set_nonzero_pixels_to_value tags=arithmetic,binary ref="numpy.where(image!=0,value,image)" slices=independent
func SetNonzeroPixelsToValue(dst, image Array, p SetValueParams) error {
	s := float32(p.Value)
	return ewUnary("set_nonzero_pixels_to_value", dst, image, func(d, x []float32) {
		for i, v := range x[:len(d)] {
			if v != 0 {
				v = s
			}
			d[i] = v
		}
	})
}

// SubtractFromScalarParams are the parameters of SubtractImageFromScalar.
type SubtractFromScalarParams struct {
	// Value the image is subtracted from (rounded to float32); clesperanto's default 0.
	Scalar float64 `default:"0"`
}

// SubtractImageFromScalar computes float32(scalar) - image element by element in
// float32.
//
//kernreg:op name=subtract_image_from_scalar tags=arithmetic ref=numpy.subtract slices=independent
func SubtractImageFromScalar(dst, image Array, p SubtractFromScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("subtract_image_from_scalar", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = s - x[i]
		}
	})
}

// ScalarParams are the parameters of the maximum and minimum with a constant.
type ScalarParams struct {
	// Constant every pixel is combined with (rounded to float32).
	Scalar float64 `default:"0"`
}

// MaximumImageAndScalar takes the larger of each pixel and float32(scalar); a NaN pixel
// or scalar gives NaN, as numpy.maximum does.
//
//kernreg:op name=maximum_image_and_scalar tags=arithmetic ref=numpy.maximum slices=independent
func MaximumImageAndScalar(dst, image Array, p ScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("maximum_image_and_scalar", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = max(x[i], s)
		}
	})
}

// MinimumImageAndScalar takes the smaller of each pixel and float32(scalar); a NaN pixel
// or scalar gives NaN, as numpy.minimum does.
//
//kernreg:op name=minimum_image_and_scalar tags=arithmetic ref=numpy.minimum slices=independent
func MinimumImageAndScalar(dst, image Array, p ScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("minimum_image_and_scalar", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = min(x[i], s)
		}
	})
}

// Square computes x*x for every pixel in float32 (overflow gives +Inf).
//
//kernreg:op name=square tags=arithmetic ref=numpy.square slices=independent
func Square(dst, image Array) error {
	return ewUnary("square", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = x[i] * x[i]
		}
	})
}

// Sign sets each pixel to -1, 0 or 1 by the sign of its value; ±0 gives 0 and NaN stays
// NaN.
//
//kernreg:op name=sign tags=arithmetic ref=numpy.sign slices=independent
func Sign(dst, image Array) error {
	return ewUnary("sign", dst, image, func(d, x []float32) {
		for i, v := range x[:len(d)] {
			switch {
			case v > 0:
				v = 1
			case v < 0:
				v = -1
			case v == 0:
				v = 0
			}
			d[i] = v
		}
	})
}

// Reciprocal computes 1/x for every pixel in float32: ±0 gives ±Inf and ±Inf gives ±0.
//
//kernreg:op name=reciprocal tags=arithmetic ref=numpy.reciprocal slices=independent
func Reciprocal(dst, image Array) error {
	return ewUnary("reciprocal", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = 1 / x[i]
		}
	})
}

// AbsoluteDifference computes |image1 - image2| element by element, the difference
// rounded to float32 first.
//
//kernreg:op name=absolute_difference tags=arithmetic,combine ref="numpy.absolute(image1-image2)" slices=independent
func AbsoluteDifference(dst, image1, image2 Array) error {
	return ewBinary("absolute_difference", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			v := x[i] - y[i]
			d[i] = math.Float32frombits(math.Float32bits(v) &^ (1 << 31))
		}
	})
}

// SquaredDifference computes (image1 - image2)² element by element, the difference
// rounded to float32 before it is squared.
//
//kernreg:op name=squared_difference tags=arithmetic,combine ref="numpy.square(image1-image2)" slices=independent
func SquaredDifference(dst, image1, image2 Array) error {
	return ewBinary("squared_difference", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			v := float32(x[i] - y[i]) // the conversion forbids fusing into the product
			d[i] = v * v
		}
	})
}

// WeightedParams are the parameters of AddImagesWeighted.
type WeightedParams struct {
	// Weight of image1 (rounded to float32).
	Factor1 float64 `default:"1"`
	// Weight of image2 (rounded to float32).
	Factor2 float64 `default:"1"`
}

// AddImagesWeighted computes factor1*image1 + factor2*image2 element by element in
// float32, each product rounded before the sum (never fused).
//
//kernreg:op name=add_images_weighted tags=arithmetic,combine ref="numpy:factor1*image1+factor2*image2" slices=independent
func AddImagesWeighted(dst, image1, image2 Array, p WeightedParams) error {
	f1, f2 := float32(p.Factor1), float32(p.Factor2)
	return ewBinary("add_images_weighted", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = float32(f1*x[i]) + float32(f2*y[i])
		}
	})
}

// PowerImages raises each pixel of image1 to the power in image2 with C pow semantics
// (see Power), evaluated in float64 and rounded once to float32.
//
//kernreg:op name=power_images tags=arithmetic,combine ref=numpy.power slices=independent
func PowerImages(dst, image1, image2 Array) error {
	return ewBinary("power_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = float32(math.Pow(float64(x[i]), float64(y[i])))
		}
	})
}
