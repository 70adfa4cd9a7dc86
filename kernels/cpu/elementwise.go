package cpu

import "math"

// Elementwise kernels compute in float32 with IEEE 754 semantics, exactly as numpy does
// on float32 arrays: x/0 is ±Inf, 0/0 is NaN, and a NaN operand gives NaN. A scalar
// parameter is rounded to float32 first, as numpy rounds a Python float combined with a
// float32 array. Every result element is rounded once to float32.

// ewMinChunk is the fewest elements a goroutine gets: these loops are memory bound, so
// splitting smaller arrays costs more in scheduling than it saves.
const ewMinChunk = 1 << 15

// ewUnary checks a dst/src pair and runs f on matching chunks of both.
func ewUnary(op string, dst, src Array, f func(d, s []float32)) error {
	if err := checkPair(op, dst, src); err != nil {
		return err
	}
	d, s := dst.Data, src.Data[:len(dst.Data)]
	parallel(len(d), ewMinChunk, func(lo, hi int) { f(d[lo:hi], s[lo:hi]) })
	return nil
}

// ewBinary checks that dst and both sources agree in shape and runs f on matching chunks.
func ewBinary(op string, dst, a, b Array, f func(d, x, y []float32)) error {
	if err := checkPair(op, dst, a); err != nil {
		return err
	}
	if err := checkData(op, b.Shape, len(b.Data)); err != nil {
		return err
	}
	if err := sameShape(op, a.Shape, b.Shape); err != nil {
		return err
	}
	d, x, y := dst.Data, a.Data[:len(dst.Data)], b.Data[:len(dst.Data)]
	parallel(len(d), ewMinChunk, func(lo, hi int) { f(d[lo:hi], x[lo:hi], y[lo:hi]) })
	return nil
}

// AddImages computes image1 + image2 element by element in float32.
//
//kernreg:op name=add_images tags=arithmetic,combine ref=numpy.add slices=independent
func AddImages(dst, image1, image2 Array) error {
	return ewBinary("add_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = x[i] + y[i]
		}
	})
}

// SubtractImages computes image1 - image2 element by element in float32.
//
//kernreg:op name=subtract_images tags=arithmetic,combine ref=numpy.subtract slices=independent
func SubtractImages(dst, image1, image2 Array) error {
	return ewBinary("subtract_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = x[i] - y[i]
		}
	})
}

// MultiplyImages computes image1 * image2 element by element in float32.
//
//kernreg:op name=multiply_images tags=arithmetic,combine ref=numpy.multiply slices=independent
func MultiplyImages(dst, image1, image2 Array) error {
	return ewBinary("multiply_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = x[i] * y[i]
		}
	})
}

// DivideImages computes image1 / image2 element by element in float32: a division by
// zero gives ±Inf (or NaN for 0/0), never an error.
//
//kernreg:op name=divide_images tags=arithmetic,combine ref=numpy.divide slices=independent
func DivideImages(dst, image1, image2 Array) error {
	return ewBinary("divide_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = x[i] / y[i]
		}
	})
}

// MaximumImages takes the larger of image1 and image2 element by element; a NaN in
// either gives NaN, as numpy.maximum does (numpy.fmax would ignore it).
//
//kernreg:op name=maximum_images tags=arithmetic,combine ref=numpy.maximum slices=independent
func MaximumImages(dst, image1, image2 Array) error {
	return ewBinary("maximum_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = max(x[i], y[i]) // the builtin propagates NaN
		}
	})
}

// MinimumImages takes the smaller of image1 and image2 element by element; a NaN in
// either gives NaN, as numpy.minimum does.
//
//kernreg:op name=minimum_images tags=arithmetic,combine ref=numpy.minimum slices=independent
func MinimumImages(dst, image1, image2 Array) error {
	return ewBinary("minimum_images", dst, image1, image2, func(d, x, y []float32) {
		for i := range d {
			d[i] = min(x[i], y[i])
		}
	})
}

// AddScalarParams are the parameters of AddImageAndScalar.
type AddScalarParams struct {
	// Value added to every pixel (rounded to float32).
	Scalar float64 `default:"1"`
}

// AddImageAndScalar computes image + float32(scalar) element by element in float32.
//
//kernreg:op name=add_image_and_scalar tags=arithmetic ref=numpy.add slices=independent
func AddImageAndScalar(dst, image Array, p AddScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("add_image_and_scalar", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = x[i] + s
		}
	})
}

// MultiplyScalarParams are the parameters of MultiplyImageAndScalar.
type MultiplyScalarParams struct {
	// Factor every pixel is multiplied by (rounded to float32); clesperanto's default 0.
	Scalar float64 `default:"0"`
}

// MultiplyImageAndScalar computes image * float32(scalar) element by element in float32.
//
//kernreg:op name=multiply_image_and_scalar tags=arithmetic ref=numpy.multiply slices=independent
func MultiplyImageAndScalar(dst, image Array, p MultiplyScalarParams) error {
	s := float32(p.Scalar)
	return ewUnary("multiply_image_and_scalar", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = x[i] * s
		}
	})
}

// Absolute computes |x| for every pixel by clearing the sign bit: -0 becomes +0 and NaN
// stays NaN.
//
//kernreg:op name=absolute tags=arithmetic ref=numpy.absolute slices=independent
func Absolute(dst, image Array) error {
	return ewUnary("absolute", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = math.Float32frombits(math.Float32bits(x[i]) &^ (1 << 31))
		}
	})
}

// InvertParams are the parameters of Invert.
type InvertParams struct {
	// Treat the image as signed: invert by negation instead of subtracting from 1.
	SignedFloat bool `default:"false"`
}

// Invert inverts a float image as skimage.util.invert does for floats: 1 - x, or -x with
// signed_float. kernreg images are float32 (uint8/uint16 inputs keep their values), so
// the integer rule of skimage (dtype max - x) does not apply.
//
//kernreg:op name=invert tags=arithmetic,exposure ref=skimage.util.invert slices=independent
func Invert(dst, image Array, p InvertParams) error {
	if p.SignedFloat {
		return ewUnary("invert", dst, image, func(d, x []float32) {
			for i := range d {
				d[i] = -x[i]
			}
		})
	}
	return ewUnary("invert", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = 1 - x[i]
		}
	})
}

// PowerParams are the parameters of Power.
type PowerParams struct {
	// Exponent every pixel is raised to (rounded to float32).
	Exponent float64 `default:"1"`
}

// Power raises every pixel to float32(exponent) with C pow semantics: a negative base
// with a non-integer exponent gives NaN, 0 to a negative power gives +Inf, x⁰ is 1 even
// for NaN. The power is evaluated in float64 (integer exponents by repeated
// multiplication) and rounded once, so results are within an ulp of numpy's float32 powf.
//
//kernreg:op name=power tags=arithmetic ref=numpy.power slices=independent
func Power(dst, image Array, p PowerParams) error {
	e := float64(float32(p.Exponent))
	switch e {
	case 1:
		return ewUnary("power", dst, image, func(d, x []float32) { copy(d, x) })
	case 2:
		return ewUnary("power", dst, image, func(d, x []float32) {
			for i := range d {
				v := float64(x[i])
				d[i] = float32(v * v) // exact in float64, so correctly rounded
			}
		})
	}
	if e == math.Trunc(e) || math.IsNaN(e) {
		// math.Pow multiplies out integer powers, which keeps exact results (and ties)
		// exact; it also has the C rules for infinite and NaN exponents.
		return ewUnary("power", dst, image, func(d, x []float32) {
			for i := range d {
				d[i] = float32(math.Pow(float64(x[i]), e))
			}
		})
	}
	return ewUnary("power", dst, image, func(d, x []float32) {
		for i, v := range x[:len(d)] {
			if v > 0 && v <= math.MaxFloat32 {
				// For a non-integer e, exp(e·log x) in float64 is within about 1e-14
				// relative of x^e for every float32 x, far inside a float32 ulp
				// (2e7 random cases round exactly as math.Pow), at half its cost.
				d[i] = float32(math.Exp(e * math.Log(float64(v))))
			} else {
				d[i] = float32(math.Pow(float64(v), e))
			}
		}
	})
}

// SquareRoot computes the correctly rounded square root of every pixel; negative values
// give NaN and -0 stays -0.
//
//kernreg:op name=square_root tags=arithmetic ref=numpy.sqrt slices=independent
func SquareRoot(dst, image Array) error {
	return ewUnary("square_root", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = float32(math.Sqrt(float64(x[i])))
		}
	})
}

// Exponential computes e^x for every pixel, evaluated in float64 and rounded once;
// overflow gives +Inf.
//
//kernreg:op name=exponential tags=arithmetic ref=numpy.exp slices=independent
func Exponential(dst, image Array) error {
	return ewUnary("exponential", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = float32(math.Exp(float64(x[i])))
		}
	})
}

// Logarithm computes the natural logarithm of every pixel, evaluated in float64 and
// rounded once: log(0) is -Inf and a negative value gives NaN.
//
//kernreg:op name=logarithm tags=arithmetic ref=numpy.log slices=independent
func Logarithm(dst, image Array) error {
	return ewUnary("logarithm", dst, image, func(d, x []float32) {
		for i := range d {
			d[i] = float32(math.Log(float64(x[i])))
		}
	})
}
