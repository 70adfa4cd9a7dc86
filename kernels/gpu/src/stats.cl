/* Local statistics over a box (variance_filter, standard_deviation_filter): float64 box
 * sums (real) added in exactly kernels/cpu's order, so that mean(x²) - mean(x)², which
 * cancels, rounds as the reference's does. Rows first: running sums along X, one work
 * item per row; then the sums of the box's rows (and, in 3D, of its planes), one work
 * item per element, in the CPU's ring order: the row (plane) at window position j
 * lives in slot j % size and slots are added from slot 0. */

/* box_row_sums: for every row, s1[x] and s2[x] are the running sums over the sx window
 * positions starting at x of the row extended by mode (cval outside), of the values and
 * of their squares: the first sum in order, then a += in - out. */
KERNEL box_row_sums(GLOBAL real* s1, GLOBAL real* s2, GLOBAL const float* src, int soff,
                    int rows, int nx, int sx, int mode, real cval) {
	int row = GID(0);
	if (row >= rows) return;
	int base = soff + row * nx;
	int o = row * nx;
	real a1 = 0, a2 = 0;
	for (int k = 0; k < sx; k++) {
		int i = map_index(k - sx / 2, nx, mode);
		real v = i < 0 ? cval : (real)src[base + i];
		a1 += v;
		a2 += v * v;
	}
	s1[o] = a1;
	s2[o] = a2;
	for (int x = 1; x < nx; x++) {
		int i = map_index(x + sx - 1 - sx / 2, nx, mode);
		int j = map_index(x - 1 - sx / 2, nx, mode);
		real in = i < 0 ? cval : (real)src[base + i];
		real out = j < 0 ? cval : (real)src[base + j];
		a1 += in - out;
		a2 += in * in - out * out;
		s1[o + x] = a1;
		s2[o + x] = a2;
	}
}

/* window_sum adds, along axis, the s sums r of the window positions of the element at
 * idx in ring-slot order; a position outside the image in constant mode adds edge. */
DEVICE real window_sum(GLOBAL const real* r, int idx, int nz, int ny, int nx, int axis, int s, int mode, real edge) {
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int pos = idx / stride % n;
	int base = idx - pos * stride;
	real acc = 0;
	for (int a = 0; a < s; a++) {
		int j = pos + ((a - pos % s) + s) % s; /* the window position in slot a */
		int i = map_index(j - s / 2, n, mode);
		real t = i < 0 ? edge : r[base + i * stride];
		acc = a == 0 ? t : acc + t;
	}
	return acc;
}

/* box_sums: the sums over s window positions along axis of the sums r1, r2. */
KERNEL box_sums(GLOBAL real* p1, GLOBAL real* p2, GLOBAL const real* r1, GLOBAL const real* r2,
                int nz, int ny, int nx, int axis, int s, int mode, real edge1, real edge2) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int idx = (z * ny + y) * nx + x;
	p1[idx] = window_sum(r1, idx, nz, ny, nx, axis, s, mode, edge1);
	p2[idx] = window_sum(r2, idx, nz, ny, nx, axis, s, mode, edge2);
}

/* box_finish: box_sums's last step, then max(m2 - m1², 0) with m = sum*inv (a NaN stays
 * NaN), its square root if std, rounded to float32. */
KERNEL box_finish(GLOBAL float* dst, int doff, GLOBAL const real* r1, GLOBAL const real* r2,
                  int nz, int ny, int nx, int axis, int s, int mode, real edge1, real edge2, real inv, int std) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int idx = (z * ny + y) * nx + x;
	real m = window_sum(r1, idx, nz, ny, nx, axis, s, mode, edge1) * inv;
	real v = window_sum(r2, idx, nz, ny, nx, axis, s, mode, edge2) * inv - m * m;
	if (!(v > 0) && !IS_NAN(v)) v = 0;
	if (std) v = sqrt(v);
	dst[doff + idx] = (float)v;
}
