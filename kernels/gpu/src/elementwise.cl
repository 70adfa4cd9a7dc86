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
