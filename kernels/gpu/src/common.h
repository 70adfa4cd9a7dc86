/* Shared by every kernreg kernel source; a backend preamble comes first and defines the
 * dialect (KERNEL, GLOBAL, GID, real, ...). Nothing here may use a backend's own builtins:
 * only C, the dialect's macros and the math functions both backends have (sqrt, exp, log,
 * exp2, log2, cos, acos, pow, fabs, fmin, fmax, floor, isinf and isnan on float and real). */

/* Boundary modes, numbered as kernels/cpu's Mode. */
#define MODE_REFLECT 0
#define MODE_CONSTANT 1
#define MODE_NEAREST 2
#define MODE_MIRROR 3
#define MODE_WRAP 4

/* map_index maps coordinate i (any int) onto [0, n) under the mode, or returns -1 where
 * the mode is constant and i is outside: kernels/cpu's Mode.index. */
DEVICE int map_index(int i, int n, int mode) {
	if (i >= 0 && i < n) return i;
	if (mode == MODE_CONSTANT) return -1;
	if (mode == MODE_NEAREST) return i < 0 ? 0 : n - 1;
	if (mode == MODE_WRAP) {
		i %= n;
		return i < 0 ? i + n : i;
	}
	if (mode == MODE_MIRROR) {
		if (n == 1) return 0;
		int p = 2 * n - 2;
		i %= p;
		if (i < 0) i += p;
		return i >= n ? p - i : i;
	}
	int p = 2 * n; /* reflect */
	i %= p;
	if (i < 0) i += p;
	return i >= n ? p - 1 - i : i;
}

DEVICE int imin(int a, int b) { return a < b ? a : b; }
DEVICE int imax(int a, int b) { return a > b ? a : b; }

/* axis_stride is the element stride of axis (0 = Z, 1 = Y, 2 = X) of a Z x Y x X array. */
DEVICE int axis_stride(int axis, int ny, int nx) { return axis == 2 ? 1 : axis == 1 ? nx : nx * ny; }
DEVICE int axis_len(int axis, int nz, int ny, int nx) { return axis == 2 ? nx : axis == 1 ? ny : nz; }
DEVICE int axis_pos(int axis, int z, int y, int x) { return axis == 2 ? x : axis == 1 ? y : z; }
/* axis_line numbers the lines along axis of a Z x Y x X array: the line through (z, y, x)
 * is (idx / (n * stride)) * stride + idx % stride, without the divisions. */
DEVICE int axis_line(int axis, int z, int y, int x, int ny, int nx) { return axis == 2 ? z * ny + y : axis == 1 ? z * nx + x : y * nx + x; }

/* NONE is the uint that marks "no index": a background pixel of the union-find forests,
 * an empty slot. */
#define NONE 0xFFFFFFFFu
