/* Elementwise operations: one work item per element; IEEE float32 results as numpy's.
 * Divisions, square roots and transcendental functions are evaluated in real and rounded
 * once (with real = double, a quotient or root rounded twice is still correctly rounded). */

#define EW_BINARY(name, expr) \
KERNEL name(GLOBAL float* dst, int doff, GLOBAL const float* a, int aoff, GLOBAL const float* b, int boff, int n) { \
	int i = GID(0); \
	if (i >= n) return; \
	float x = a[aoff + i]; \
	float y = b[boff + i]; \
	dst[doff + i] = (expr); \
}

EW_BINARY(add_images, x + y)
EW_BINARY(subtract_images, x - y)
EW_BINARY(multiply_images, x * y)
EW_BINARY(divide_images, (float)((real)x / (real)y))
/* numpy.maximum/minimum: a NaN in either operand gives NaN. */
EW_BINARY(maximum_images, (IS_NAN(x) || IS_NAN(y)) ? x + y : (x > y ? x : y))
EW_BINARY(minimum_images, (IS_NAN(x) || IS_NAN(y)) ? x + y : (x < y ? x : y))
/* skimage's roberts magnitude of the two diagonal differences x and y, in float32 as
 * kernels/cpu's Roberts: sqrt(x*x + y*y) rounded to float32, divided by float32(sqrt(2)). */
EW_BINARY(roberts_magnitude, (float)((real)(float)sqrt((real)(x * x + y * y)) / (real)1.41421356237309504880f))

#define EW_UNARY(name, expr) \
KERNEL name(GLOBAL float* dst, int doff, GLOBAL const float* a, int aoff, int n, float s) { \
	int i = GID(0); \
	if (i >= n) return; \
	float x = a[aoff + i]; \
	dst[doff + i] = (expr); \
}

/* s is the scalar operand where the operation has one, unused otherwise. */
EW_UNARY(add_scalar, x + s)
EW_UNARY(multiply_scalar, x * s)
EW_UNARY(absolute, AS_FLOAT(AS_UINT(x) & 0x7fffffffu))
EW_UNARY(invert, s != 0.0f ? -x : 1.0f - x)
EW_UNARY(square_root, (float)sqrt((real)x))
EW_UNARY(exponential, (float)exp((real)x))
EW_UNARY(logarithm, (float)log((real)x))
/* power: x^1 is x and x^2 is exact in real; other exponents go through pow. */
EW_UNARY(power, s == 1.0f ? x : s == 2.0f ? (float)((real)x * (real)x) : (float)pow((real)x, (real)s))

/* Comparisons, logic, masking and more arithmetic (kernels/cpu/elementwise_extra.go):
 * comparisons and logic give 1.0f or 0.0f; NaN compares false and counts as nonzero. */
EW_BINARY(greater, (x > y) ? 1.0f : 0.0f)
EW_BINARY(greater_equal, (x >= y) ? 1.0f : 0.0f)
EW_BINARY(smaller, (x < y) ? 1.0f : 0.0f)
EW_BINARY(smaller_equal, (x <= y) ? 1.0f : 0.0f)
EW_BINARY(equal, (x == y) ? 1.0f : 0.0f)
EW_BINARY(not_equal, (x != y) ? 1.0f : 0.0f)
EW_BINARY(binary_and, (x != 0.0f && y != 0.0f) ? 1.0f : 0.0f)
EW_BINARY(binary_or, (x != 0.0f || y != 0.0f) ? 1.0f : 0.0f)
EW_BINARY(binary_xor, ((x != 0.0f) != (y != 0.0f)) ? 1.0f : 0.0f)
EW_BINARY(mask, (y != 0.0f) ? x : 0.0f)
EW_BINARY(absolute_difference, AS_FLOAT(AS_UINT(x - y) & 0x7fffffffu))
EW_BINARY(squared_difference, (x - y) * (x - y))
EW_UNARY(greater_constant, (x > s) ? 1.0f : 0.0f)
EW_UNARY(greater_equal_constant, (x >= s) ? 1.0f : 0.0f)
EW_UNARY(smaller_constant, (x < s) ? 1.0f : 0.0f)
EW_UNARY(smaller_equal_constant, (x <= s) ? 1.0f : 0.0f)
EW_UNARY(equal_constant, (x == s) ? 1.0f : 0.0f)
EW_UNARY(not_equal_constant, (x != s) ? 1.0f : 0.0f)
EW_UNARY(binary_not, (x == 0.0f) ? 1.0f : 0.0f)
EW_UNARY(subtract_image_from_scalar, s - x)
EW_UNARY(maximum_image_and_scalar, (IS_NAN(x) || IS_NAN(s)) ? x + s : (x > s ? x : s))
EW_UNARY(minimum_image_and_scalar, (IS_NAN(x) || IS_NAN(s)) ? x + s : (x < s ? x : s))
EW_UNARY(square, x * x)
EW_UNARY(sign_value, x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : (x == 0.0f ? 0.0f : x)))
EW_UNARY(reciprocal, (float)(1.0 / (real)x))
EW_UNARY(undefined_to_zero, (x - x == 0.0f) ? x : 0.0f)
EW_UNARY(set_nonzero_pixels_to_value, (x != 0.0f) ? s : x)
EW_BINARY(power_images, y == 1.0f ? x : y == 2.0f ? (float)((real)x * (real)x) : (float)pow((real)x, (real)y))

/* Operations with two scalar operands, s and t. */
#define EW_UNARY2(name, expr) \
KERNEL name(GLOBAL float* dst, int doff, GLOBAL const float* a, int aoff, int n, float s, float t) { \
	int i = GID(0); \
	if (i >= n) return; \
	float x = a[aoff + i]; \
	dst[doff + i] = (expr); \
}

#define EW_BINARY2(name, expr) \
KERNEL name(GLOBAL float* dst, int doff, GLOBAL const float* a, int aoff, GLOBAL const float* b, int boff, int n, float s, float t) { \
	int i = GID(0); \
	if (i >= n) return; \
	float x = a[aoff + i]; \
	float y = b[boff + i]; \
	dst[doff + i] = (expr); \
}

/* numpy.clip: min(max(x, s), t), a NaN pixel or bound propagating. */
DEVICE float nan_max(float a, float b) { return (IS_NAN(a) || IS_NAN(b)) ? a + b : (a > b ? a : b); }
DEVICE float nan_min(float a, float b) { return (IS_NAN(a) || IS_NAN(b)) ? a + b : (a < b ? a : b); }
EW_UNARY2(clip, nan_min(nan_max(x, s), t))
/* Each product rounded to float before the sum (FP contraction is off). */
EW_BINARY2(add_images_weighted, s * x + t * y)

/* numpy.nan_to_num: NaN -> s, +Inf -> t, -Inf -> u (x - x is 0 only for finite x). */
KERNEL nan_to_num(GLOBAL float* dst, int doff, GLOBAL const float* a, int aoff, int n, float s, float t, float u) {
	int i = GID(0);
	if (i >= n) return;
	float x = a[aoff + i];
	dst[doff + i] = IS_NAN(x) ? s : (x - x == 0.0f ? x : (x > 0.0f ? t : u));
}

/* skimage.exposure's corrections of float images (kernels/cpu/intensity.go), float32
 * operation by operation as skimage computes them; s and t are the float32 parameters.
 * Transcendental functions are evaluated in real and rounded once; so is the sigmoid's
 * quotient (correctly rounded, as Go's float32 division). */
EW_UNARY2(adjust_gamma, (float)pow((real)x, (real)s) * t)             /* s gamma, t gain */
EW_UNARY2(adjust_log, (float)log2((real)(1.0f + x)) * t)              /* t gain */
EW_UNARY2(adjust_log_inv, ((float)exp2((real)x) - 1.0f) * t)          /* t gain */
DEVICE float sigmoid(float x, float cutoff, float gain) {
	return (float)((real)1 / (real)(1.0f + (float)exp((real)(gain * (cutoff - x)))));
}
EW_UNARY2(adjust_sigmoid, sigmoid(x, s, t))                           /* s cutoff, t gain */
EW_UNARY2(adjust_sigmoid_inv, 1.0f - sigmoid(x, s, t))
