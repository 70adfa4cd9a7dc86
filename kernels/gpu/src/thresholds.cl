/* The device steps of the thresholds other than Otsu's (gpu/thresholds.go): numpy's
 * float32 pairwise means, order-preserving compaction and splitting for threshold_li,
 * a bitonic sort for its default tolerance, the digitize of threshold_multiotsu, the
 * neighbourhood statistics of threshold_local and the integral images of
 * threshold_sauvola and threshold_niblack. */

/* digitize: dst = the number of the nthr increasing thresholds <= src (np.digitize);
 * NaN gives 0. */
KERNEL digitize(GLOBAL uint* dst, int doff, GLOBAL const float* src, int soff, int n,
                GLOBAL const float* thr, int nthr) {
	int i = GID(0);
	if (i >= n) return;
	float v = src[soff + i];
	uint c = 0u;
	for (int k = 0; k < nthr; k++) {
		if (thr[k] <= v) c++;
	}
	dst[doff + i] = c;
}

/* Numpy's float32 sum: blocks of SUM_BLOCK elements, each summed pairwise
 * (npmath.PairwiseSum32), the block sums added in order to 0. */
#define SUM_BLOCK 8192
#define SUM_LEAF 128
#define SUM_GROUP (SUM_BLOCK / SUM_LEAF)

/* pairwise_leaf is numpy's pairwise sum of n <= SUM_LEAF elements: a plain loop below
 * 8, else eight interleaved partial sums combined as a tree, then the remainder. */
DEVICE float pairwise_leaf(GLOBAL const float* a, int n) {
	if (n < 8) {
		float r = 0.0f;
		for (int i = 0; i < n; i++) r += a[i];
		return r;
	}
	float r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
	int i = 8;
	for (; i < n - n % 8; i += 8) {
		r0 += a[i];
		r1 += a[i + 1];
		r2 += a[i + 2];
		r3 += a[i + 3];
		r4 += a[i + 4];
		r5 += a[i + 5];
		r6 += a[i + 6];
		r7 += a[i + 7];
	}
	float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
	for (; i < n; i++) res += a[i];
	return res;
}

/* pairwise_sum is numpy's pairwise sum of n <= SUM_BLOCK elements: above SUM_LEAF the
 * range splits at n/2 rounded down to a multiple of 8 and the halves' sums are added.
 * The recursion runs on an explicit stack (OpenCL C has none); its depth is at most 7. */
DEVICE float pairwise_sum(GLOBAL const float* a, int n) {
	int lo[16], len[16];
	float left[16];
	int right[16]; /* 1 while the frame's right half is being summed */
	int sp = 0;
	lo[0] = 0;
	len[0] = n;
	right[0] = 0;
	for (;;) {
		if (len[sp] > SUM_LEAF) {
			int n2 = len[sp] / 2;
			n2 -= n2 % 8;
			sp++;
			lo[sp] = lo[sp - 1];
			len[sp] = n2;
			right[sp] = 0;
			continue;
		}
		float r = pairwise_leaf(a + lo[sp], len[sp]);
		for (;;) {
			if (sp == 0) return r;
			int child = sp;
			sp--;
			if (!right[child]) { /* the left half is done: sum the right half */
				int n2 = len[sp] / 2;
				n2 -= n2 % 8;
				left[sp] = r;
				sp++;
				lo[sp] = lo[sp - 1] + n2;
				len[sp] = len[sp - 1] - n2;
				right[sp] = 1;
				break;
			}
			r = left[sp] + r;
		}
	}
}

/* block_sums: work group b (of SUM_GROUP items) writes the pairwise sum of block b of the
 * count[coff] elements of src into sums[b]. A full block is a perfect tree of SUM_GROUP
 * leaves, summed in parallel; the last, partial block by one item. */
KERNEL block_sums(GLOBAL const float* src, int off, GLOBAL const int* count, int coff, GLOBAL float* sums) {
	LOCAL float part[SUM_GROUP];
	int b = GROUP_ID(0), lid = LID(0);
	int n = count[coff];
	int lo = b * SUM_BLOCK;
	if (lo >= n) return; /* the whole group returns */
	if (n - lo < SUM_BLOCK) {
		if (lid == 0) sums[b] = pairwise_sum(src + off + lo, n - lo);
		return;
	}
	part[lid] = pairwise_leaf(src + off + lo + lid * SUM_LEAF, SUM_LEAF);
	BARRIER();
	for (int s = 1; s < SUM_GROUP; s *= 2) {
		if (lid % (2 * s) == 0) part[lid] += part[lid + s];
		BARRIER();
	}
	if (lid == 0) sums[b] = part[0];
}

/* mean_finish: out[oi] = np.mean of the count[coff] elements whose block sums are sums:
 * the float32 total divided by the count in real, rounded to float32 (npmath.Mean32). */
KERNEL mean_finish(GLOBAL const float* sums, GLOBAL const int* count, int coff, GLOBAL float* out, int oi) {
	if (GID(0) != 0) return;
	int n = count[coff];
	int nb = (n + SUM_BLOCK - 1) / SUM_BLOCK;
	float s = 0.0f;
	for (int b = 0; b < nb; b++) s += sums[b];
	out[oi] = (float)((real)s / (real)n);
}

/* The predicates of split: finite values, or values above t. */
#define SPLIT_FINITE 0
#define SPLIT_ABOVE 1

DEVICE int split_keep(float v, int mode, float t) {
	return mode == SPLIT_FINITE ? v - v == 0.0f : v > t;
}

/* split_count: item c counts the kept values of chunk c (elements [c*chunk, (c+1)*chunk)
 * of n) into offsets[c+1]. */
KERNEL split_count(GLOBAL const float* src, int off, int n, int chunk, int chunks, int mode, float t,
                   GLOBAL int* offsets) {
	int c = GID(0);
	if (c >= chunks) return;
	int end = imin(n, (c + 1) * chunk), m = 0;
	for (int i = c * chunk; i < end; i++) m += split_keep(src[off + i], mode, t);
	offsets[c + 1] = m;
}

/* split_scan turns the chunk counts into the offsets of each chunk's kept values, with
 * offsets[chunks] the number kept and offsets[chunks+1] the number not kept. */
KERNEL split_scan(GLOBAL int* offsets, int chunks, int n) {
	if (GID(0) != 0) return;
	offsets[0] = 0;
	for (int c = 1; c <= chunks; c++) offsets[c] += offsets[c - 1];
	offsets[chunks + 1] = n - offsets[chunks];
}

/* split: item c writes its chunk's kept values, in order, to keep from offsets[c], and
 * with mode SPLIT_ABOVE the others to rest from c*chunk - offsets[c]. */
KERNEL split(GLOBAL const float* src, int off, int n, int chunk, int chunks, int mode, float t,
             GLOBAL const int* offsets, GLOBAL float* keep, GLOBAL float* rest) {
	int c = GID(0);
	if (c >= chunks) return;
	int end = imin(n, (c + 1) * chunk);
	int k = offsets[c], r = c * chunk - offsets[c];
	for (int i = c * chunk; i < end; i++) {
		float v = src[off + i];
		if (split_keep(v, mode, t)) {
			keep[k++] = v;
		} else if (mode == SPLIT_ABOVE) {
			rest[r++] = v;
		}
	}
}

/* subtract_value: buf[i] -= s in float32, for i < n. */
KERNEL subtract_value(GLOBAL float* buf, int n, float s) {
	int i = GID(0);
	if (i >= n) return;
	buf[i] = buf[i] - s;
}

/* min_gap_partial: item g writes the smallest positive difference a[i] - a[i-1] over
 * i = g+1, g+1+items, ... < n into part[g] (+Inf if none). */
KERNEL min_gap_partial(GLOBAL const float* a, int n, int items, GLOBAL float* part) {
	int g = GID(0);
	if (g >= items) return;
	float best = AS_FLOAT(0x7f800000u);
	for (int i = g + 1; i < n; i += items) {
		float d = a[i] - a[i - 1];
		if (d > 0.0f && d < best) best = d;
	}
	part[g] = best;
}

/* line_at reads position j of the line at base (stride apart, n long), extended by mode;
 * constant mode reads cval. */
DEVICE real line_at(GLOBAL const float* src, int base, int stride, int j, int n, int mode, real cval) {
	int k = map_index(j, n, mode);
	return k < 0 ? cval : (real)src[base + k * stride];
}

/* symmetric_axis: scipy's NI_Correlate1D for a symmetric kernel of radius r along axis
 * (threshold_local's Gaussian): in·w[r], then (in[-j] + in[+j])·w[r-j] added for j from
 * r down to 1, in real, rounded to float32. */
KERNEL symmetric_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                      int nz, int ny, int nx, int axis, GLOBAL const real* w, int r, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	real acc = (real)src[soff + idx] * w[r];
	for (int j = r; j >= 1; j--) {
		acc += (line_at(src, base, stride, i - j, n, mode, cval) + line_at(src, base, stride, i + j, n, mode, cval)) * w[r - j];
	}
	dst[doff + idx] = (float)acc;
}

/* box_mean_axis: scipy 1.10's NI_UniformFilter1D of odd size along axis (threshold_local's
 * mean): a running sum in real (the first window in order, then in - out added), divided
 * by size at every output. uniform_filter multiplies by 1/size instead: kernels/cpu's
 * two references differ there, and so do these kernels. One item per line. */
KERNEL box_mean_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                     int nz, int ny, int nx, int axis, int size, int mode, real cval) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	if (line >= nz * ny * nx / n) return;
	int start = (line / stride) * n * stride + line % stride;
	int base = soff + start, out = doff + start;
	int before = size / 2;
	real div = (real)size;
	real acc = 0;
	for (int k = 0; k < size; k++) acc += line_at(src, base, stride, k - before, n, mode, cval);
	for (int i = 0; i < n; i++) {
		dst[out + i * stride] = (float)(acc / div);
		if (i + 1 < n) {
			acc += line_at(src, base, stride, i + size - before, n, mode, cval) - line_at(src, base, stride, i - before, n, mode, cval);
		}
	}
}

/* above_offset: dst = src > thr - off (float32), as 0/1. */
KERNEL above_offset(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, GLOBAL const float* thr,
                    int n, float off) {
	int i = GID(0);
	if (i >= n) return;
	dst[doff + i] = src[soff + i] > thr[i] - off ? 1.0f : 0.0f;
}

/* integral_pad: element i of the (pz, py, px) padded image (w/2+1 before and w/2 after
 * each axis, numpy's reflect = MODE_MIRROR) and of its float32 squares, in real. */
KERNEL integral_pad(GLOBAL real* sum, GLOBAL real* sq, GLOBAL const float* src, int soff,
                    int nz, int ny, int nx, int wz, int wy, int wx) {
	int px = nx + wx, py = ny + wy, pz = nz + wz;
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= px || y >= py || z >= pz) return;
	int sz = map_index(z - (wz / 2 + 1), nz, MODE_MIRROR);
	int sy = map_index(y - (wy / 2 + 1), ny, MODE_MIRROR);
	int sx = map_index(x - (wx / 2 + 1), nx, MODE_MIRROR);
	float v = src[soff + (sz * ny + sy) * nx + sx];
	int i = (z * py + y) * px + x;
	sum[i] = (real)v;
	sq[i] = (real)(v * v);
}

/* cumsum_axis: the cumulative sums along axis of a (nz, ny, nx) real array, in index
 * order as np.cumsum; one item per line. */
KERNEL cumsum_axis(GLOBAL real* a, int nz, int ny, int nx, int axis) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	if (line >= nz * ny * nx / n) return;
	int base = (line / stride) * n * stride + line % stride;
	real acc = 0;
	for (int i = 0; i < n; i++) {
		acc += a[base + i * stride];
		a[base + i * stride] = acc;
	}
}

#define WINDOW_SAUVOLA 0
#define WINDOW_NIBLACK 1

/* window_threshold: skimage's _mean_std from the integral images (the 2^rank window
 * corners in itertools.product order, signs (-1)^(rank%2 != corners taken%2)), then
 * dst = src > T with Sauvola's m·(1 + k·(s/r - 1)) or Niblack's m - k·s in float32. */
KERNEL window_threshold(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                        GLOBAL const real* sum, GLOBAL const real* sq, int nz, int ny, int nx, int rank,
                        int wz, int wy, int wx, float size, int method, float k, float r) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int px = nx + wx, py = ny + wy;
	int base = (z * py + y) * px + x;
	int wd[3] = {wz, wy, wx};
	int st[3] = {py * px, px, 1};
	int first = 3 - rank;
	real a = 0, b = 0;
	for (int c = 0; c < (1 << rank); c++) {
		int o = 0, taken = 0;
		for (int d = 0; d < rank; d++) {
			if (c & (1 << (rank - 1 - d))) {
				o += wd[first + d] * st[first + d];
				taken++;
			}
		}
		real sign = rank % 2 != taken % 2 ? (real)-1 : (real)1;
		if (c == 0) {
			a = sign * sum[base + o];
			b = sign * sq[base + o];
		} else {
			a += sign * sum[base + o];
			b += sign * sq[base + o];
		}
	}
	float m = (float)a / size;
	float g2 = (float)b / size;
	float d = g2 - m * m;
	if (d < 0.0f) d = 0.0f;
	float s = (float)sqrt((real)d);
	float t = method == WINDOW_SAUVOLA ? m * (1.0f + k * (s / r - 1.0f)) : m - k * s;
	int i = (z * ny + y) * nx + x;
	dst[doff + i] = src[soff + i] > t ? 1.0f : 0.0f;
}
