/* The device steps of skimage.exposure's intensity transforms (kernels/cpu/intensity.go)
 * that are not plain elementwise kernels: the search for a negative pixel, the linear
 * rescale, and equalize_hist's mapping through the histogram's cumulative distribution.
 * The range and histogram reductions are threshold.cl's. */

/* first_negative: work item g writes to part[g] the smallest index i = g, g+G, ... (G
 * the number of work items) with src[i] < 0, or n if there is none. */
KERNEL first_negative(GLOBAL const float* src, int off, int n, GLOBAL int* part, int items) {
	int g = GID(0);
	if (g >= items) return;
	int found = n;
	for (int i = g; i < n; i += items) {
		if (src[off + i] < 0.0f) {
			found = i;
			break;
		}
	}
	part[g] = found;
}

/* Go's max and min of float32: a NaN propagates; of +0 and -0, max is +0 and min -0. */
DEVICE float go_max(float a, float b) {
	if (IS_NAN(a) || IS_NAN(b)) return a + b;
	if (a == b) return (AS_UINT(a) & 0x80000000u) ? b : a;
	return a > b ? a : b;
}
DEVICE float go_min(float a, float b) {
	if (IS_NAN(a) || IS_NAN(b)) return a + b;
	if (a == b) return (AS_UINT(a) & 0x80000000u) ? a : b;
	return a < b ? a : b;
}

/* rescale_intensity: kernels/cpu's IntensityRescale.Apply in float32: clip to [lo, hi];
 * with stretch, (v - lo)/span (correctly rounded) * ospan + off; with integer, truncated. */
KERNEL rescale_intensity(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n,
                         float lo, float hi, float span, float ospan, float off, int stretch, int integer) {
	int i = GID(0);
	if (i >= n) return;
	float v = go_min(go_max(src[soff + i], lo), hi);
	if (stretch) {
		v = (float)((real)(v - lo) / (real)span);
		v = v * ospan + off;
	}
	if (integer) {
		real r = (real)v;
		v = (float)(r < 0 ? -floor(-r) : floor(r));
	}
	dst[doff + i] = v;
}

/* equalize_map: numpy.interp(v, xp, fp) of each (NaN-free) pixel over the m bin centres
 * xp and cumulative distribution fp, with numpy's precomputed slopes, in real: the
 * arithmetic of kernels/cpu's interpolator, with a binary search for the last j with
 * xp[j] <= v (the index its linear search finds). */
KERNEL equalize_map(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n,
                    GLOBAL const real* xp, GLOBAL const real* fp, GLOBAL const real* slopes, int m) {
	int i = GID(0);
	if (i >= n) return;
	real v = (real)src[soff + i];
	real r;
	if (m == 1 || v < xp[0]) {
		r = fp[0];
	} else if (v > xp[m - 1]) {
		r = fp[m - 1];
	} else {
		int lo = 0, hi = m - 1; /* xp[lo] <= v */
		while (lo < hi) {
			int mid = lo + (hi - lo + 1) / 2;
			if (xp[mid] <= v) lo = mid;
			else hi = mid - 1;
		}
		int j = lo;
		if (j >= m - 1) {
			r = fp[m - 1];
		} else if (xp[j] == v) {
			r = fp[j];
		} else {
			real s = slopes[j];
			r = s * (v - xp[j]) + fp[j];
			if (IS_NAN(r)) {
				r = s * (v - xp[j + 1]) + fp[j + 1];
				if (IS_NAN(r) && fp[j] == fp[j + 1]) r = fp[j];
			}
		}
	}
	dst[doff + i] = (float)r;
}
