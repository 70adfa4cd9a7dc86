/* Label-image operations (see gpu.MaskLabel, FindBoundaries, ClearBorder and the label
 * maps of RelabelSequential and Remove{Small,Large}Labels). */

KERNEL mask_label(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, GLOBAL const uint* labels,
                  int loff, int n, int label) {
	int i = GID(0);
	if (i >= n) return;
	dst[doff + i] = labels[loff + i] == (uint)label ? src[soff + i] : 0.0f;
}

/* find_boundaries: kernels/cpu's FindBoundaries per pixel. offs holds the noffs offsets
 * of the connectivity's structure, then the nfull offsets of the full one; mode is 0
 * thick, 1 inner, 2 outer. Neighbours past the edges are left out. */
KERNEL find_boundaries(GLOBAL float* dst, int doff, GLOBAL const uint* labels, int loff, int nz, int ny, int nx,
                       GLOBAL const int* offs, int noffs, int nfull, int mode, int background) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	GLOBAL const uint* src = labels + loff;
	uint bg = (uint)background;
	int i = (z * ny + y) * nx + x;
	uint v = src[i], lo = v, hi = v;
	for (int k = 0; k < noffs; k++) {
		int zz = z + offs[3 * k], yy = y + offs[3 * k + 1], xx = x + offs[3 * k + 2];
		if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
		uint u = src[(zz * ny + yy) * nx + xx];
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	int b = lo != hi;
	if (mode == 1) {
		b = b && v != bg;
	} else if (mode == 2 && b && v != bg) {
		/* the dilation of labels against the erosion of labels with bg set to the maximum */
		uint dil = v, ero = v;
		for (int k = noffs; k < noffs + nfull; k++) {
			int zz = z + offs[3 * k], yy = y + offs[3 * k + 1], xx = x + offs[3 * k + 2];
			if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
			uint u = src[(zz * ny + yy) * nx + xx];
			dil = u > dil ? u : dil;
			if (u == bg) u = 0xFFFFFFFFu;
			ero = u < ero ? u : ero;
		}
		b = dil != ero;
	}
	dst[doff + i] = b ? 1.0f : 0.0f;
}

/* border_roots marks, for every pixel within ext pixels of an edge of any axis (rank 2:
 * y and x only), its object's root in flags, or flags[n] when the pixel is background.
 * forest holds each labelled pixel's root (uf_compress). Plain stores of 1: any order. */
KERNEL border_roots(GLOBAL uint* flags, GLOBAL const uint* labels, int loff, GLOBAL const uint* forest,
                    int rank, int nz, int ny, int nx, int ext) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int border = x < ext || x >= nx - ext || y < ext || y >= ny - ext || (rank == 3 && (z < ext || z >= nz - ext));
	if (!border) return;
	int i = (z * ny + y) * nx + x;
	if (labels[loff + i] == 0u) flags[nz * ny * nx] = 1u;
	else flags[forest[i]] = 1u;
}

/* clear_border writes the labels, with bgval for pixels of marked objects and, when the
 * border zone holds background, for all background. */
KERNEL clear_border(GLOBAL uint* dst, int doff, GLOBAL const uint* labels, int loff, GLOBAL const uint* forest,
                    GLOBAL const uint* flags, int n, int bgval) {
	int i = GID(0);
	if (i >= n) return;
	uint v = labels[loff + i];
	int clear = v == 0u ? flags[n] != 0u : flags[forest[i]] != 0u;
	dst[doff + i] = clear ? (uint)bgval : v;
}

/* label_max_partial: work item g leaves the largest of labels g, g+G, ... in part[g]. */
KERNEL label_max_partial(GLOBAL const uint* src, int off, int n, GLOBAL uint* part, int items) {
	int g = GID(0);
	if (g >= items) return;
	uint m = 0u;
	for (int i = g; i < n; i += items) {
		uint v = src[off + i];
		m = v > m ? v : m;
	}
	part[g] = m;
}

/* label_count counts the pixels of each label value (the dense label map). */
KERNEL label_count(GLOBAL uint* counts, GLOBAL const uint* src, int off, int n) {
	int i = GID(0);
	if (i >= n) return;
	ATOMIC_INC(&counts[src[off + i]]);
}

/* keep_count: is a label of count pixels kept (lo <= count <= hi)? 0 is never present. */
DEVICE uint keep_count(uint count, int lo, int hi) {
	return count != 0u && (int)count >= lo && (int)count <= hi ? 1u : 0u;
}

/* dense_keep turns the counts of labels 0..m-1 into keep flags, in place; label 0 and
 * the extra element m (the scan's total) are 0. */
KERNEL dense_keep(GLOBAL uint* counts, int m, int lo, int hi) {
	int l = GID(0);
	if (l > m) return;
	counts[l] = l == 0 || l == m ? 0u : keep_count(counts[l], lo, hi);
}

/* dense_map: with ranks the scanned keep flags, a kept label l becomes base + ranks[l]
 * (a flag is ranks[l+1] - ranks[l]), any other 0. base is a uint's bits. */
KERNEL dense_map(GLOBAL uint* dst, int doff, GLOBAL const uint* src, int soff, GLOBAL const uint* ranks,
                 int n, int base) {
	int i = GID(0);
	if (i >= n) return;
	uint l = src[soff + i];
	dst[doff + i] = ranks[l + 1u] != ranks[l] ? (uint)base + ranks[l] : 0u;
}

/* lower_bound is the first index in sorted s[0..n) whose value is >= v. */
DEVICE int lower_bound(GLOBAL const uint* s, int n, uint v) {
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/* sparse_keep flags, for i in [0, n], the first occurrence of each nonzero label in the
 * sorted labels s whose count (up to its upper bound) is kept; element n is 0. */
KERNEL sparse_keep(GLOBAL uint* flags, GLOBAL const uint* s, int n, int lo, int hi) {
	int i = GID(0);
	if (i > n) return;
	uint f = 0u;
	if (i < n) {
		uint v = s[i];
		if (v != 0u && (i == 0 || s[i - 1] != v)) {
			int end = v == 0xFFFFFFFFu ? n : lower_bound(s, n, v + 1u);
			f = keep_count((uint)(end - i), lo, hi);
		}
	}
	flags[i] = f;
}

/* sparse_map is dense_map with each label's rank at its first occurrence in s. */
KERNEL sparse_map(GLOBAL uint* dst, int doff, GLOBAL const uint* src, int soff, GLOBAL const uint* s,
                  GLOBAL const uint* ranks, int n, int base) {
	int i = GID(0);
	if (i >= n) return;
	uint l = src[soff + i];
	if (l == 0u) {
		dst[doff + i] = 0u;
		return;
	}
	int j = lower_bound(s, n, l);
	dst[doff + i] = ranks[j + 1] != ranks[j] ? (uint)base + ranks[j] : 0u;
}
