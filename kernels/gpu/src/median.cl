/* The median and rank filters: element rank (0 <= rank < sz*sy*sx) of each output's window
 * of sz x sy x sx values, in scipy's order (C order of the box), as scipy's NI_Select
 * gives it, NaN windows included. Without a NaN every exact selection gives that value,
 * so the kernels select as suits the window size: rank_filter_N (3x3, 5x5, 3x3x3) counts
 * in registers, rank_filter_small runs NI_Select on a small private array, and
 * rank_filter_radix searches the value's bits; a window with a NaN always goes to
 * NI_Select. Windows hold at most MEDIAN_MAX values (compiling never depends on
 * parameters); the host refuses larger ones. */

#define MEDIAN_MAX 343

/* ni_select: Hoare partitioning around the first element, recursing into the side that
 * holds rank k (kernels/cpu's niSelect). */
DEVICE float ni_select(float* a, int n, int k) {
	int lo = 0, hi = n - 1;
	while (lo != hi) {
		float x = a[lo];
		int i = lo - 1, j = hi + 1;
		for (;;) {
			for (j--; a[j] > x; j--) {}
			for (i++; a[i] < x; i++) {}
			if (i >= j) break;
			float t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		int m = j - lo + 1;
		if (k < m) {
			hi = j;
		} else {
			lo = j + 1;
			k -= m;
		}
	}
	return a[lo];
}

/* gather_window fills w with the window of (z, y, x) in C order and returns its size. */
DEVICE int gather_window(float* w, GLOBAL const float* src, int soff, int z, int y, int x,
                         int nz, int ny, int nx, int sz, int sy, int sx, int mode, float cval) {
	int n = 0;
	for (int a = 0; a < sz; a++) {
		int zz = map_index(z + a - sz / 2, nz, mode);
		for (int b = 0; b < sy; b++) {
			int yy = map_index(y + b - sy / 2, ny, mode);
			for (int c = 0; c < sx; c++) {
				int xx = map_index(x + c - sx / 2, nx, mode);
				w[n++] = (zz < 0 || yy < 0 || xx < 0) ? cval : src[soff + (zz * ny + yy) * nx + xx];
			}
		}
	}
	return n;
}

/* rank_filter_small: NI_Select on a private copy of windows of at most MEDIAN_SMALL
 * values, small enough for the cache. */
#define MEDIAN_SMALL 27
KERNEL rank_filter_small(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                         int nz, int ny, int nx, int sz, int sy, int sx, int rank, int mode, float cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float w[MEDIAN_SMALL];
	int n = gather_window(w, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval);
	dst[doff + (z * ny + y) * nx + x] = ni_select(w, n, rank);
}

/* window_value is value k (C order) of the window of (z, y, x), as gather_window reads it. */
DEVICE float window_value(GLOBAL const float* src, int soff, int z, int y, int x, int k,
                          int nz, int ny, int nx, int sz, int sy, int sx, int mode, float cval) {
	int a = k / (sy * sx), r = k - a * sy * sx;
	int b = r / sx, c = r - b * sx;
	int zz = map_index(z + a - sz / 2, nz, mode);
	int yy = map_index(y + b - sy / 2, ny, mode);
	int xx = map_index(x + c - sx / 2, nx, mode);
	return (zz < 0 || yy < 0 || xx < 0) ? cval : src[soff + (zz * ny + yy) * nx + xx];
}

/* rank_filter_N is for windows of exactly N values (3x3, 5x5, 3x3x3), with
 * the window in registers: every loop has a constant bound. Without a NaN in the window
 * the element of rank is the value with fewer than rank + 1 smaller values and at least
 * rank + 1 smaller-or-equal ones, which is what any exact selection returns, NI_Select
 * included; a window with a NaN is gathered again into memory for NI_Select, whose
 * answer then depends on its order of partitioning. */
#define RANK_FILTER_N(name, N) \
KERNEL name(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, \
            int nz, int ny, int nx, int sz, int sy, int sx, int rank, int mode, float cval) { \
	int x = GID(0), y = GID(1), z = GID(2); \
	if (x >= nx || y >= ny || z >= nz) return; \
	float w[N]; \
	int nan = 0; \
	for (int k = 0; k < N; k++) { \
		w[k] = window_value(src, soff, z, y, x, k, nz, ny, nx, sz, sy, sx, mode, cval); \
		nan |= IS_NAN(w[k]) ? 1 : 0; \
	} \
	float r = w[0]; \
	if (nan) { \
		float u[N]; \
		int n = gather_window(u, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval); \
		r = ni_select(u, n, rank); \
	} else { \
		for (int i = 0; i < N; i++) { \
			int less = 0, most = 0; \
			for (int j = 0; j < N; j++) { \
				less += w[j] < w[i] ? 1 : 0; \
				most += w[j] <= w[i] ? 1 : 0; \
			} \
			if (less <= rank && rank < most) r = w[i]; \
		} \
	} \
	dst[doff + (z * ny + y) * nx + x] = r; \
}
RANK_FILTER_N(rank_filter_9, 9)
RANK_FILTER_N(rank_filter_25, 25)
RANK_FILTER_N(rank_filter_27, 27)

/* order_key maps a float to a uint whose unsigned order is the float's order (negative
 * values below positive ones, -0 just below +0); key_float undoes it. */
DEVICE uint order_key(float v) {
	uint u = AS_UINT(v);
	return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
DEVICE float key_float(uint k) { return AS_FLOAT((k & 0x80000000u) ? (k & 0x7fffffffu) : ~k); }

/* rank_filter_radix is for large windows, without a private copy of the
 * window: for a window without NaN it finds the key of the element of rank bit by bit
 * from the top, counting the window's keys below each candidate (32 passes over the
 * window, which the cache serves). The value is what any exact selection returns; a
 * window with a NaN is gathered into memory for NI_Select, as in rank_filter. */
KERNEL rank_filter_radix(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                         int nz, int ny, int nx, int sz, int sy, int sx, int rank, int mode, float cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int n = sz * sy * sx;
	int nan = 0;
	for (int k = 0; k < n; k++) nan |= IS_NAN(window_value(src, soff, z, y, x, k, nz, ny, nx, sz, sy, sx, mode, cval)) ? 1 : 0;
	float r;
	if (nan) {
		float w[MEDIAN_MAX];
		gather_window(w, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval);
		r = ni_select(w, n, rank);
	} else {
		uint key = 0u;
		for (int b = 31; b >= 0; b--) {
			uint t = key | (1u << b);
			int below = 0;
			for (int a = 0; a < sz; a++) {
				int zz = map_index(z + a - sz / 2, nz, mode);
				for (int e = 0; e < sy; e++) {
					int yy = map_index(y + e - sy / 2, ny, mode);
					for (int c = 0; c < sx; c++) {
						int xx = map_index(x + c - sx / 2, nx, mode);
						float v = (zz < 0 || yy < 0 || xx < 0) ? cval : src[soff + (zz * ny + yy) * nx + xx];
						below += order_key(v) < t ? 1 : 0;
					}
				}
			}
			if (below <= rank) key = t;
		}
		r = key_float(key);
	}
	dst[doff + (z * ny + y) * nx + x] = r;
}
