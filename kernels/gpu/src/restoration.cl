/* Restoration (kernels/cpu/restoration.go: richardson_lucy, denoise_tv_chambolle) and
 * extended_depth_of_focus (kernels/cpu/projection_extra.go): float64 pipelines of the
 * reference, here on real buffers, with its sums in its order. */

/* load_real: dst = (real)src. */
KERNEL load_real(GLOBAL real* dst, GLOBAL const float* src, int soff, int n) {
	int i = GID(0);
	if (i >= n) return;
	dst[i] = (real)src[soff + i];
}

/* square_real: dst = src*src. */
KERNEL square_real(GLOBAL real* dst, GLOBAL const real* src, int n) {
	int i = GID(0);
	if (i >= n) return;
	dst[i] = src[i] * src[i];
}

/* symmetric_real_axis: correlation along axis with the symmetric 2r+1 weights w, in real,
 * the input extended by mode (0 outside in constant mode). centre_last = 0 sums as
 * kernels/cpu's correlateFolded: in[i]·w[r], then (in[i-j] + in[i+j])·w[r-j] for j from r
 * down to 1. centre_last = 1 sums as its convolveAxis: the same pairs in the same order
 * from 0, then w[r]·in[i]. In constant mode the pairs wholly outside the line, which add
 * zero, are skipped, so long kernels cost what the line holds. Launched over (X, Y, Z). */
KERNEL symmetric_real_axis(GLOBAL real* dst, GLOBAL const real* src, int nz, int ny, int nx, int axis,
                           GLOBAL const real* w, int r, int mode, int centre_last) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = idx - i * stride;
	int top = r;
	if (mode == MODE_CONSTANT) top = imin(r, imax(i, n - 1 - i));
	real acc = centre_last ? (real)0 : src[idx] * w[r];
	for (int j = top; j >= 1; j--) {
		int lo = map_index(i - j, n, mode), hi = map_index(i + j, n, mode);
		real a = lo < 0 ? (real)0 : src[base + lo * stride];
		real b = hi < 0 ? (real)0 : src[base + hi * stride];
		acc += (a + b) * w[r - j];
	}
	if (centre_last) acc += w[r] * src[idx];
	dst[idx] = acc;
}

/* box_mean_real_axis: the mean of the 2r+1 values around each element along axis, the
 * input extended by mode, summed from the lowest index and divided by 2r+1 (kernels/cpu's
 * boxMean64 pass). Launched over (X, Y, Z). */
KERNEL box_mean_real_axis(GLOBAL real* dst, GLOBAL const real* src, int nz, int ny, int nx, int axis, int r, int mode) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = idx - i * stride;
	real acc = src[base + map_index(i - r, n, mode) * stride];
	for (int k = i - r + 1; k <= i + r; k++) acc += src[base + map_index(k, n, mode) * stride];
	dst[idx] = acc / (real)(2 * r + 1);
}

/* focus_select: one slice of extended_depth_of_focus: var = m2 - m1·m1; the first slice
 * sets best and dst, a later one replaces them where var is larger or is the first NaN
 * (numpy.argmax's rules). */
KERNEL focus_select(GLOBAL float* dst, int doff, GLOBAL const float* slice, int soff, GLOBAL real* best,
                    GLOBAL const real* m1, GLOBAL const real* m2, int n, int first) {
	int i = GID(0);
	if (i >= n) return;
	real v = m2[i] - m1[i] * m1[i];
	real b = best[i];
	if (first || v > b || (IS_NAN(v) && !IS_NAN(b))) {
		best[i] = v;
		dst[doff + i] = slice[soff + i];
	}
}

/* rl_ratio: Richardson-Lucy's relative blur in place on c: img / (c + 1e-12), or 0 where
 * c + 1e-12 < eps when eps > 0. */
KERNEL rl_ratio(GLOBAL real* c, GLOBAL const float* img, int ioff, int n, real eps) {
	int i = GID(0);
	if (i >= n) return;
	real v = c[i] + (real)1e-12;
	c[i] = (eps > 0 && v < eps) ? (real)0 : (real)img[ioff + i] / v;
}

/* rl_update: u *= c. */
KERNEL rl_update(GLOBAL real* u, GLOBAL const real* c, int n) {
	int i = GID(0);
	if (i >= n) return;
	u[i] *= c[i];
}

/* rl_store: dst = float32(u), limited to [-1, 1] when clip is set. */
KERNEL rl_store(GLOBAL float* dst, int doff, GLOBAL const real* u, int n, int clip) {
	int i = GID(0);
	if (i >= n) return;
	real v = u[i];
	if (clip) {
		if (v > 1) v = 1;
		else if (v < -1) v = -1;
	}
	dst[doff + i] = (float)v;
}

/* fill_real: a[i] = v. */
KERNEL fill_real(GLOBAL real* a, int n, real v) {
	int i = GID(0);
	if (i >= n) return;
	a[i] = v;
}

/* tv_divergence: the first half of a Chambolle iteration (kernels/cpu's
 * DenoiseTVChambolle): d = -Σ_a p_a + the previous element of p_a along each axis a
 * present, added in axis order (Z,) Y, X; out = image + d; d2 = d². p holds the rank
 * components (Z,) Y, X one after another. Launched over (X, Y, Z). */
KERNEL tv_divergence(GLOBAL real* out, GLOBAL real* d2, GLOBAL const float* img, int ioff, GLOBAL const real* p,
                     int nz, int ny, int nx, int rank) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int n = nz * ny * nx;
	int i = (z * ny + y) * nx + x;
	int last = rank - 1;
	real sum = p[i] + p[n + i];
	if (rank == 3) sum += p[2 * n + i];
	real d = -sum;
	if (rank == 3 && z > 0) d += p[i - ny * nx];
	if (y > 0) d += p[(last - 1) * n + i - nx];
	if (x > 0) d += p[last * n + i - 1];
	out[i] = (real)img[ioff + i] + d;
	d2[i] = d * d;
}

/* tv_step: the second half: g_a = the forward difference of out along a (0 at the last
 * index), |g| = sqrt(Σ g_a²), p_a = (p_a - tau·g_a) / (|g|·tw + 1), gn = |g|. */
KERNEL tv_step(GLOBAL real* p, GLOBAL real* gn, GLOBAL const real* out, int nz, int ny, int nx, int rank,
               real tau, real tw) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int n = nz * ny * nx;
	int i = (z * ny + y) * nx + x;
	real ox = out[i];
	real g[3];
	g[0] = 0;
	g[1] = 0;
	g[2] = 0;
	int a = 0;
	if (rank == 3) {
		if (z < nz - 1) g[0] = out[i + ny * nx] - ox;
		a = 1;
	}
	if (y < ny - 1) g[a] = out[i + nx] - ox;
	if (x < nx - 1) g[a + 1] = out[i + 1] - ox;
	real ss = g[0] * g[0] + g[1] * g[1];
	if (rank == 3) ss += g[2] * g[2];
	real norm = sqrt(ss);
	gn[i] = norm;
	real den = norm * tw + 1;
	for (int k = 0; k < rank; k++) p[k * n + i] = (p[k * n + i] - tau * g[k]) / den;
}

/* row_sums2: the sums of every row of a and of b, each from 0 in index order, to
 * rows[r] and rows[nrows + r]. One item per row. */
KERNEL row_sums2(GLOBAL real* rows, GLOBAL const real* a, GLOBAL const real* b, int nrows, int nx) {
	int r = GID(0);
	if (r >= nrows) return;
	real s = 0, t = 0;
	for (int x = 0; x < nx; x++) {
		s += a[r * nx + x];
		t += b[r * nx + x];
	}
	rows[r] = s;
	rows[nrows + r] = t;
}

/* total_rows2: the sums of the two halves of rows, each from 0 in row order, to total[0]
 * and total[1]. One work item. */
KERNEL total_rows2(GLOBAL real* total, GLOBAL const real* rows, int nrows) {
	if (GID(0) != 0) return;
	real s = 0, t = 0;
	for (int r = 0; r < nrows; r++) {
		s += rows[r];
		t += rows[nrows + r];
	}
	total[0] = s;
	total[1] = t;
}
