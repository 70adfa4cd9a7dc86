/* Statistics along Z of a stack (kernels/cpu/stack.go and projection_extra.go): numpy's
 * median of each pixel's column, and the per-slice means of the bleach correction. */

/* select_kth is kernels/cpu's selectKth on the NaN-free column a[0], a[s], ...,
 * a[(len-1)*s] in global memory: it reorders the column so that element k is its k-th
 * smallest, the ones before it no larger, and returns that element. Quickselect with
 * Hoare partitioning and a median-of-three pivot; short ranges end in insertion sort. */
#define AT(i) a[(i) * s]
DEVICE float select_kth(GLOBAL float* a, int s, int len, int k) {
	int lo = 0, hi = len - 1;
	while (hi - lo >= 16) {
		int mid = lo + (hi - lo) / 2;
		float t;
		if (AT(mid) < AT(lo)) { t = AT(mid); AT(mid) = AT(lo); AT(lo) = t; }
		if (AT(hi) < AT(lo)) { t = AT(hi); AT(hi) = AT(lo); AT(lo) = t; }
		if (AT(hi) < AT(mid)) { t = AT(hi); AT(hi) = AT(mid); AT(mid) = t; }
		float pivot = AT(mid);
		int i = lo, j = hi;
		while (i <= j) {
			while (AT(i) < pivot) i++;
			while (AT(j) > pivot) j--;
			if (i <= j) {
				t = AT(i); AT(i) = AT(j); AT(j) = t;
				i++;
				j--;
			}
		}
		if (k <= j) hi = j;
		else if (k >= i) lo = i;
		else return AT(k);
	}
	for (int i = lo + 1; i <= hi; i++) {
		float v = AT(i);
		int j = i;
		for (; j > lo && AT(j - 1) > v; j--) AT(j) = AT(j - 1);
		AT(j) = v;
	}
	return AT(k);
}
#undef AT

/* z_median: work item i copies pixel i's column of the (nz, n) stack src into work (the
 * same layout, so that neighbouring items touch neighbouring words) and takes numpy's
 * median of it: NaN if the column holds one, else the middle value for odd nz, or
 * (lo + hi) / 2 in float32 of the two middle ones. With subtract it writes the column
 * minus the median to out (an (nz, n) stack, which may be work itself), else the median
 * to out[i]. Any nz: the column lives in work, not in private memory. */
KERNEL z_median(GLOBAL float* out, int ooff, GLOBAL const float* src, int soff, GLOBAL float* work, int woff,
                int nz, int n, int subtract) {
	int i = GID(0);
	if (i >= n) return;
	GLOBAL const float* col = src + soff + i;
	GLOBAL float* a = work + woff + i;
	float med = 0.0f;
	int nan = 0;
	for (int z = 0; z < nz; z++) {
		float v = col[z * n];
		if (IS_NAN(v) && !nan) {
			nan = 1;
			med = v;
		}
		a[z * n] = v;
	}
	if (!nan) {
		int k = nz / 2;
		float hi = select_kth(a, n, nz, k);
		if (nz % 2 == 1) {
			med = hi;
		} else {
			float lo = a[0];
			for (int z = 1; z < k; z++) {
				float v = a[z * n];
				if (v > lo) lo = v;
			}
			med = (lo + hi) * 0.5f;
		}
	}
	if (!subtract) {
		out[ooff + i] = med;
		return;
	}
	for (int z = 0; z < nz; z++) out[ooff + z * n + i] = col[z * n] - med;
}

/* slice_sums: work item (g, z) sums elements g, g+G, ... of slice z (n elements) in real
 * into part[z*G + g], G = items. */
KERNEL slice_sums(GLOBAL const float* src, int soff, int n, int nz, GLOBAL real* part, int items) {
	int g = GID(0), z = GID(1);
	if (g >= items || z >= nz) return;
	GLOBAL const float* s = src + soff + z * n;
	real sum = 0;
	for (int i = g; i < n; i += items) sum += (real)s[i];
	part[z * items + g] = sum;
}

/* bleach_ratios: ratio[z] = (m_0 - bg) / (m_z - bg) for z > 0 and 1 for z = 0, m_z the
 * mean of slice z from its partial sums, in real. */
KERNEL bleach_ratios(GLOBAL const real* part, int items, int n, int nz, real bg, GLOBAL real* ratio) {
	int z = GID(0);
	if (z >= nz) return;
	real s0 = 0, sz = 0;
	for (int g = 0; g < items; g++) {
		s0 += part[g];
		sz += part[z * items + g];
	}
	ratio[z] = z == 0 ? (real)1 : (s0 / (real)n - bg) / (sz / (real)n - bg);
}

/* bleach_apply: dst = (src - bg) * ratio[z] in real, rounded once; item (i, z). */
KERNEL bleach_apply(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n, int nz,
                    real bg, GLOBAL const real* ratio) {
	int i = GID(0), z = GID(1);
	if (i >= n || z >= nz) return;
	int e = z * n + i;
	dst[doff + e] = (float)(((real)src[soff + e] - bg) * ratio[z]);
}
