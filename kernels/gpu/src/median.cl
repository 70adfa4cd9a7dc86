/* The median and rank filters: element rank (0 <= rank < sz*sy*sx) of each output's window
 * of sz x sy x sx values, in scipy's order (C order of the box), as scipy's NI_Select
 * gives it, NaN windows included. Without a NaN every exact selection gives that value,
 * so the kernels select as suits the window size: median_N runs a sorting network and
 * rank_filter_N counts, both in registers (3x3, 5x5, 3x3x3), rank_filter_small runs
 * NI_Select on a small private array, and rank_filter_tile searches the value's bits; a
 * window with a NaN always goes to NI_Select. Windows hold at most MEDIAN_MAX values
 * (compiling never depends on parameters); the host refuses larger ones.
 *
 * Every kernel first loads its work group's block of outputs, extended by the window,
 * into a LOCAL tile (TILE_LOAD), so each input value is read from global memory and
 * mapped by the boundary mode once per group instead of once per window. The host
 * picks a group shape whose tile fits in RANK_TILE values. */

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

/* gather_window fills w with the window of (z, y, x) in C order from global memory and
 * returns its size: the NI_Select path for windows with a NaN. */
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

/* RANK_TILE is the capacity of the LOCAL tile, in 4-byte values (12 KiB): a group of
 * gx x gy x gz outputs and a window of sx x sy x sx need (gx+sx-1)(gy+sy-1)(gz+sz-1). */
#define RANK_TILE 3072

/* order_key maps a float to a uint whose unsigned order is the float's order (negative
 * values below positive ones, -0 just below +0); key_float undoes it. */
DEVICE uint order_key(float v) {
	uint u = AS_UINT(v);
	return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
DEVICE float key_float(uint k) { return AS_FLOAT((k & 0x80000000u) ? (k & 0x7fffffffu) : ~k); }
#define AS_IS(v) (v)

/* TILE_LOAD fills the LOCAL tile with the input under the work group's outputs and their
 * windows, in C order (value (a, b, c) of the window of the output at local (lz, ly, lx)
 * is tile[tbase + (a * ty + b) * tx + c] with tbase that output's corner), each value as
 * gather_window reads it and passed through CONV; then it waits for the whole group.
 * It declares tx, ty and tbase. Every item of the group must reach it. */
#define TILE_LOAD(tile, CONV) \
	int gx_ = GROUP_SIZE(0), gy_ = GROUP_SIZE(1), gz_ = GROUP_SIZE(2); \
	int tx = gx_ + sx - 1, ty = gy_ + sy - 1, tn_ = tx * ty * (gz_ + sz - 1); \
	int x0_ = GROUP_ID(0) * gx_ - sx / 2, y0_ = GROUP_ID(1) * gy_ - sy / 2, z0_ = GROUP_ID(2) * gz_ - sz / 2; \
	for (int i_ = (LID(2) * gy_ + LID(1)) * gx_ + LID(0); i_ < tn_; i_ += gx_ * gy_ * gz_) { \
		int r_ = i_ / tx; \
		int xx_ = map_index(x0_ + i_ - r_ * tx, nx, mode); \
		int yy_ = map_index(y0_ + r_ % ty, ny, mode); \
		int zz_ = map_index(z0_ + r_ / ty, nz, mode); \
		tile[i_] = CONV((zz_ < 0 || yy_ < 0 || xx_ < 0) ? cval : src[soff + (zz_ * ny + yy_) * nx + xx_]); \
	} \
	BARRIER(); \
	int tbase = (LID(2) * ty + LID(1)) * tx + LID(0);

/* TILE_WINDOW copies the N values of the window at tbase from the tile into w[0..N) in
 * C order, and sets nan where one is NaN. With N a constant the loop unrolls and w
 * stays in registers. */
#define TILE_WINDOW(w, N, tile, nan) { \
	int o_ = tbase, c_ = 0, b_ = 0; \
	for (int k_ = 0; k_ < (N); k_++) { \
		w[k_] = tile[o_]; \
		nan |= IS_NAN(w[k_]) ? 1 : 0; \
		o_++; \
		if (++c_ == sx) { \
			c_ = 0; \
			o_ += tx - sx; \
			if (++b_ == sy) { \
				b_ = 0; \
				o_ += (ty - sy) * tx; \
			} \
		} \
	} \
}

/* The arguments every rank kernel takes. */
#define RANK_ARGS GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, \
	int nz, int ny, int nx, int sz, int sy, int sx, int rank, int mode, float cval

/* rank_filter_small: NI_Select on a private copy of windows of at most MEDIAN_SMALL
 * values, small enough for the cache. */
#define MEDIAN_SMALL 27
KERNEL rank_filter_small(RANK_ARGS) {
	LOCAL float tile[RANK_TILE];
	TILE_LOAD(tile, AS_IS)
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float w[MEDIAN_SMALL];
	int n = sz * sy * sx, nan = 0;
	TILE_WINDOW(w, n, tile, nan)
	dst[doff + (z * ny + y) * nx + x] = ni_select(w, n, rank);
}

/* rank_filter_N is for windows of exactly N values (3x3, 5x5, 3x3x3), with
 * the window in registers: every loop has a constant bound. Without a NaN in the window
 * the element of rank is the value with fewer than rank + 1 smaller values and at least
 * rank + 1 smaller-or-equal ones, which is what any exact selection returns, NI_Select
 * included; a window with a NaN is gathered again into memory for NI_Select, whose
 * answer then depends on its order of partitioning. */
#define RANK_FILTER_N(name, N) \
KERNEL name(RANK_ARGS) { \
	LOCAL float tile[RANK_TILE]; \
	TILE_LOAD(tile, AS_IS) \
	int x = GID(0), y = GID(1), z = GID(2); \
	if (x >= nx || y >= ny || z >= nz) return; \
	float w[N]; \
	int nan = 0; \
	TILE_WINDOW(w, N, tile, nan) \
	float r = w[0]; \
	if (nan) { \
		float u[N]; \
		int n = gather_window(u, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval); \
		r = ni_select(u, n, rank); \
	} else { \
		UNROLL \
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

/* MIN_MAX leaves the smaller of two values (no NaN) in a and the larger in b. */
#define MIN_MAX(a, b) { float t_ = fmin(a, b); b = fmax(a, b); a = t_; }

/* BEGIN median networks: written by go test ./kernels/gpu -run TestMedianNetworks -update */
/* 9 values: 24 compare-exchanges; the median ends in w[4]. */
#define MEDIAN_AT_9 4
#define MEDIAN_NET_9(w) \
	MIN_MAX(w[0], w[1]) \
	MIN_MAX(w[2], w[3]) \
	MIN_MAX(w[4], w[5]) \
	MIN_MAX(w[6], w[7]) \
	MIN_MAX(w[0], w[2]) \
	MIN_MAX(w[1], w[3]) \
	MIN_MAX(w[4], w[6]) \
	MIN_MAX(w[5], w[7]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[0], w[4]) \
	MIN_MAX(w[1], w[5]) \
	MIN_MAX(w[2], w[6]) \
	MIN_MAX(w[3], w[7]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[3], w[4]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[0], w[8]) \
	MIN_MAX(w[4], w[8]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[3], w[4])
/* 25 values: 113 compare-exchanges; the median ends in w[12]. */
#define MEDIAN_AT_25 12
#define MEDIAN_NET_25(w) \
	MIN_MAX(w[0], w[1]) \
	MIN_MAX(w[2], w[3]) \
	MIN_MAX(w[4], w[5]) \
	MIN_MAX(w[6], w[7]) \
	MIN_MAX(w[8], w[9]) \
	MIN_MAX(w[10], w[11]) \
	MIN_MAX(w[12], w[13]) \
	MIN_MAX(w[14], w[15]) \
	MIN_MAX(w[16], w[17]) \
	MIN_MAX(w[18], w[19]) \
	MIN_MAX(w[20], w[21]) \
	MIN_MAX(w[22], w[23]) \
	MIN_MAX(w[0], w[2]) \
	MIN_MAX(w[1], w[3]) \
	MIN_MAX(w[4], w[6]) \
	MIN_MAX(w[5], w[7]) \
	MIN_MAX(w[8], w[10]) \
	MIN_MAX(w[9], w[11]) \
	MIN_MAX(w[12], w[14]) \
	MIN_MAX(w[13], w[15]) \
	MIN_MAX(w[16], w[18]) \
	MIN_MAX(w[17], w[19]) \
	MIN_MAX(w[20], w[22]) \
	MIN_MAX(w[21], w[23]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[0], w[4]) \
	MIN_MAX(w[1], w[5]) \
	MIN_MAX(w[2], w[6]) \
	MIN_MAX(w[3], w[7]) \
	MIN_MAX(w[8], w[12]) \
	MIN_MAX(w[9], w[13]) \
	MIN_MAX(w[10], w[14]) \
	MIN_MAX(w[11], w[15]) \
	MIN_MAX(w[16], w[20]) \
	MIN_MAX(w[17], w[21]) \
	MIN_MAX(w[18], w[22]) \
	MIN_MAX(w[19], w[23]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[10], w[12]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[18], w[20]) \
	MIN_MAX(w[19], w[21]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[3], w[4]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[11], w[12]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[19], w[20]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[0], w[8]) \
	MIN_MAX(w[1], w[9]) \
	MIN_MAX(w[2], w[10]) \
	MIN_MAX(w[3], w[11]) \
	MIN_MAX(w[4], w[12]) \
	MIN_MAX(w[5], w[13]) \
	MIN_MAX(w[6], w[14]) \
	MIN_MAX(w[7], w[15]) \
	MIN_MAX(w[16], w[24]) \
	MIN_MAX(w[4], w[8]) \
	MIN_MAX(w[5], w[9]) \
	MIN_MAX(w[6], w[10]) \
	MIN_MAX(w[7], w[11]) \
	MIN_MAX(w[20], w[24]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[6], w[8]) \
	MIN_MAX(w[7], w[9]) \
	MIN_MAX(w[10], w[12]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[18], w[20]) \
	MIN_MAX(w[19], w[21]) \
	MIN_MAX(w[22], w[24]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[3], w[4]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[7], w[8]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[11], w[12]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[19], w[20]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[23], w[24]) \
	MIN_MAX(w[0], w[16]) \
	MIN_MAX(w[1], w[17]) \
	MIN_MAX(w[2], w[18]) \
	MIN_MAX(w[3], w[19]) \
	MIN_MAX(w[4], w[20]) \
	MIN_MAX(w[5], w[21]) \
	MIN_MAX(w[6], w[22]) \
	MIN_MAX(w[7], w[23]) \
	MIN_MAX(w[8], w[24]) \
	MIN_MAX(w[8], w[16]) \
	MIN_MAX(w[9], w[17]) \
	MIN_MAX(w[10], w[18]) \
	MIN_MAX(w[11], w[19]) \
	MIN_MAX(w[12], w[20]) \
	MIN_MAX(w[13], w[21]) \
	MIN_MAX(w[6], w[10]) \
	MIN_MAX(w[7], w[11]) \
	MIN_MAX(w[12], w[16]) \
	MIN_MAX(w[13], w[17]) \
	MIN_MAX(w[10], w[12]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[11], w[12])
/* 27 values: 126 compare-exchanges; the median ends in w[13]. */
#define MEDIAN_AT_27 13
#define MEDIAN_NET_27(w) \
	MIN_MAX(w[0], w[1]) \
	MIN_MAX(w[2], w[3]) \
	MIN_MAX(w[4], w[5]) \
	MIN_MAX(w[6], w[7]) \
	MIN_MAX(w[8], w[9]) \
	MIN_MAX(w[10], w[11]) \
	MIN_MAX(w[12], w[13]) \
	MIN_MAX(w[14], w[15]) \
	MIN_MAX(w[16], w[17]) \
	MIN_MAX(w[18], w[19]) \
	MIN_MAX(w[20], w[21]) \
	MIN_MAX(w[22], w[23]) \
	MIN_MAX(w[24], w[25]) \
	MIN_MAX(w[0], w[2]) \
	MIN_MAX(w[1], w[3]) \
	MIN_MAX(w[4], w[6]) \
	MIN_MAX(w[5], w[7]) \
	MIN_MAX(w[8], w[10]) \
	MIN_MAX(w[9], w[11]) \
	MIN_MAX(w[12], w[14]) \
	MIN_MAX(w[13], w[15]) \
	MIN_MAX(w[16], w[18]) \
	MIN_MAX(w[17], w[19]) \
	MIN_MAX(w[20], w[22]) \
	MIN_MAX(w[21], w[23]) \
	MIN_MAX(w[24], w[26]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[25], w[26]) \
	MIN_MAX(w[0], w[4]) \
	MIN_MAX(w[1], w[5]) \
	MIN_MAX(w[2], w[6]) \
	MIN_MAX(w[3], w[7]) \
	MIN_MAX(w[8], w[12]) \
	MIN_MAX(w[9], w[13]) \
	MIN_MAX(w[10], w[14]) \
	MIN_MAX(w[11], w[15]) \
	MIN_MAX(w[16], w[20]) \
	MIN_MAX(w[17], w[21]) \
	MIN_MAX(w[18], w[22]) \
	MIN_MAX(w[19], w[23]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[10], w[12]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[18], w[20]) \
	MIN_MAX(w[19], w[21]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[3], w[4]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[11], w[12]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[19], w[20]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[25], w[26]) \
	MIN_MAX(w[0], w[8]) \
	MIN_MAX(w[1], w[9]) \
	MIN_MAX(w[2], w[10]) \
	MIN_MAX(w[3], w[11]) \
	MIN_MAX(w[4], w[12]) \
	MIN_MAX(w[5], w[13]) \
	MIN_MAX(w[6], w[14]) \
	MIN_MAX(w[7], w[15]) \
	MIN_MAX(w[16], w[24]) \
	MIN_MAX(w[17], w[25]) \
	MIN_MAX(w[18], w[26]) \
	MIN_MAX(w[4], w[8]) \
	MIN_MAX(w[5], w[9]) \
	MIN_MAX(w[6], w[10]) \
	MIN_MAX(w[7], w[11]) \
	MIN_MAX(w[20], w[24]) \
	MIN_MAX(w[21], w[25]) \
	MIN_MAX(w[22], w[26]) \
	MIN_MAX(w[2], w[4]) \
	MIN_MAX(w[3], w[5]) \
	MIN_MAX(w[6], w[8]) \
	MIN_MAX(w[7], w[9]) \
	MIN_MAX(w[10], w[12]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[18], w[20]) \
	MIN_MAX(w[19], w[21]) \
	MIN_MAX(w[22], w[24]) \
	MIN_MAX(w[23], w[25]) \
	MIN_MAX(w[1], w[2]) \
	MIN_MAX(w[3], w[4]) \
	MIN_MAX(w[5], w[6]) \
	MIN_MAX(w[7], w[8]) \
	MIN_MAX(w[9], w[10]) \
	MIN_MAX(w[11], w[12]) \
	MIN_MAX(w[13], w[14]) \
	MIN_MAX(w[17], w[18]) \
	MIN_MAX(w[19], w[20]) \
	MIN_MAX(w[21], w[22]) \
	MIN_MAX(w[23], w[24]) \
	MIN_MAX(w[25], w[26]) \
	MIN_MAX(w[0], w[16]) \
	MIN_MAX(w[1], w[17]) \
	MIN_MAX(w[2], w[18]) \
	MIN_MAX(w[3], w[19]) \
	MIN_MAX(w[4], w[20]) \
	MIN_MAX(w[5], w[21]) \
	MIN_MAX(w[6], w[22]) \
	MIN_MAX(w[7], w[23]) \
	MIN_MAX(w[8], w[24]) \
	MIN_MAX(w[9], w[25]) \
	MIN_MAX(w[10], w[26]) \
	MIN_MAX(w[8], w[16]) \
	MIN_MAX(w[9], w[17]) \
	MIN_MAX(w[10], w[18]) \
	MIN_MAX(w[11], w[19]) \
	MIN_MAX(w[12], w[20]) \
	MIN_MAX(w[13], w[21]) \
	MIN_MAX(w[14], w[22]) \
	MIN_MAX(w[7], w[11]) \
	MIN_MAX(w[12], w[16]) \
	MIN_MAX(w[13], w[17]) \
	MIN_MAX(w[14], w[18]) \
	MIN_MAX(w[11], w[13]) \
	MIN_MAX(w[14], w[16]) \
	MIN_MAX(w[13], w[14])
/* END median networks */

/* median_N is the median (rank N/2) of windows of exactly N values: the part of a
 * sorting network that the median depends on, on the window in registers. A window with
 * a NaN goes to NI_Select, as in rank_filter_N. */
#define MEDIAN_N(name, N) \
KERNEL name(RANK_ARGS) { \
	LOCAL float tile[RANK_TILE]; \
	TILE_LOAD(tile, AS_IS) \
	int x = GID(0), y = GID(1), z = GID(2); \
	if (x >= nx || y >= ny || z >= nz) return; \
	float w[N]; \
	int nan = 0; \
	TILE_WINDOW(w, N, tile, nan) \
	float r; \
	if (nan) { \
		float u[N]; \
		int n = gather_window(u, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval); \
		r = ni_select(u, n, rank); \
	} else { \
		MEDIAN_NET_##N(w) \
		r = w[MEDIAN_AT_##N]; \
	} \
	dst[doff + (z * ny + y) * nx + x] = r; \
}
MEDIAN_N(median_9, 9)
MEDIAN_N(median_25, 25)
MEDIAN_N(median_27, 27)

/* rank_filter_tile is for large windows: the tile holds order keys, and for a window
 * without NaN the kernel finds the key of the element of rank bit by bit from the top,
 * counting the window's keys below each candidate. The window's smallest and largest
 * keys fix the bits above the highest one where they differ, so the search starts there.
 * The value is what any exact selection returns; a window with a NaN (a key above +Inf's
 * or below -Inf's) is gathered into memory for NI_Select, as in rank_filter_N. */
KERNEL rank_filter_tile(RANK_ARGS) {
	LOCAL uint tile[RANK_TILE];
	TILE_LOAD(tile, order_key)
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	uint lo = 0xFFFFFFFFu, hi = 0u;
	for (int a = 0; a < sz; a++) {
		for (int e = 0; e < sy; e++) {
			int o = tbase + (a * ty + e) * tx;
			for (int c = 0; c < sx; c++) {
				uint k = tile[o + c];
				lo = k < lo ? k : lo;
				hi = k > hi ? k : hi;
			}
		}
	}
	float r;
	if (hi > 0xFF800000u || lo < 0x007FFFFFu) {
		float w[MEDIAN_MAX];
		int n = gather_window(w, src, soff, z, y, x, nz, ny, nx, sz, sy, sx, mode, cval);
		r = ni_select(w, n, rank);
	} else {
		uint d = lo ^ hi, key = lo;
		if (d != 0u) {
			int b = 31;
			while (((d >> b) & 1u) == 0u) b--;
			key = lo & ~((2u << b) - 1u);
			for (; b >= 0; b--) {
				uint t = key | (1u << b);
				int below = 0;
				for (int a = 0; a < sz; a++) {
					for (int e = 0; e < sy; e++) {
						int o = tbase + (a * ty + e) * tx;
						for (int c = 0; c < sx; c++) below += tile[o + c] < t ? 1 : 0;
					}
				}
				if (below <= rank) key = t;
			}
		}
		r = key_float(key);
	}
	dst[doff + (z * ny + y) * nx + x] = r;
}
