/* skimage.exposure's histogram matching and CLAHE (kernels/cpu's MatchHistograms and
 * EqualizeAdapthist), the per-pixel parts. */

/* upper_bound: the number of the n sorted values of a that are <= v (float compare, so
 * -0 and +0 are one value); lower_bound: the number that are < v. */
DEVICE int upper_bound(GLOBAL const float* a, int n, float v) {
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (a[mid] <= v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

DEVICE int lower_bound(GLOBAL const float* a, int n, float v) {
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (a[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/* match_histograms maps each pixel of src to numpy.interp(q, the reference's quantiles,
 * its distinct values), q being the quantile of the pixel's value (the count of values
 * <= it, over n): simg and sref are the n values of the image and of the reference,
 * sorted. Both images have n pixels, so quantiles compare as counts: the reference's
 * value at sorted position c-1 (c the pixel's count) belongs to the first distinct value
 * whose count reaches c. Where that count is c the result is that value; else it lies
 * between the previous distinct value and this one, with kernels/cpu's interpolator
 * arithmetic (slope, then the NaN fallbacks) in real. The sort leaves -0 and +0 in any
 * order; the distinct value zero is -0 where the reference has a -0 (negzero), as
 * numpy.unique's first occurrence. */
KERNEL match_histograms(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n,
                        GLOBAL const float* simg, GLOBAL const float* sref, int negzero) {
	int i = GID(0);
	if (i >= n) return;
	float zero = negzero ? -0.0f : 0.0f;
	int c = upper_bound(simg, n, src[soff + i]);
	float u = sref[c - 1];
	if (u == 0.0f) u = zero;
	int ub = upper_bound(sref, n, u);
	int lb = lower_bound(sref, n, u);
	if (ub == c || lb == 0) { /* the quantile is a reference quantile, or below the first */
		dst[doff + i] = u;
		return;
	}
	float a = sref[lb - 1];
	if (a == 0.0f) a = zero;
	real rn = (real)n;
	real xa = (real)lb / rn, xb = (real)ub / rn, q = (real)c / rn;
	real fa = (real)a, fb = (real)u;
	real s = (fb - fa) / (xb - xa);
	real r = s * (q - xa) + fa;
	if (r != r) {
		r = s * (q - xb) + fb;
		if (r != r && fa == fb) r = fa;
	}
	dst[doff + i] = (float)r;
}

/* round_even rounds a non-negative value to the nearest integer, halves to even (Go's
 * math.RoundToEven); floor and the halving are exact. */
DEVICE real round_even(real f) {
	real r = floor(f);
	real d = f - r;
	if (d > (real)0.5 || (d == (real)0.5 && r - (real)2 * floor(r * (real)0.5) != (real)0)) r += (real)1;
	return r;
}

/* clahe_uint is skimage's conversion to uint16: float32 v*65535 rounded half to even and clipped to
 * [0, 65535], stored as float (exactly) for the range reduction. */
KERNEL clahe_uint(GLOBAL float* dst, GLOBAL const float* src, int soff, int n) {
	int i = GID(0);
	if (i >= n) return;
	float p = src[soff + i] * 65535.0f;
	real f = round_even((real)fmax(p, 0.0f));
	dst[i] = (float)fmin(f, (real)65535);
}

/* clahe_bins stretches the levels of clahe_uint from [umin, umax] to 14 bits (in real,
 * rounded half to even; min(u, 16383) when umin == umax) and stores each level's
 * histogram bin, level / binsize. */
KERNEL clahe_bins(GLOBAL uint* bins, GLOBAL const float* u, int n, float umin, float umax, int binsize) {
	int i = GID(0);
	if (i >= n) return;
	real q = (real)u[i], f;
	if (umin != umax) f = (q - (real)umin) / ((real)umax - (real)umin) * (real)16383;
	else f = fmin(q, (real)16383);
	bins[i] = (uint)round_even(f) / (uint)binsize;
}

/* clahe_hist counts the bins of each contextual region: the region area of the padded
 * image is rz*kz x ry*ky x rx*kx pixels, and its index a on an axis of n pixels reads
 * the image at numpy.pad's reflect index of a (MODE_MIRROR). */
KERNEL clahe_hist(GLOBAL uint* hist, GLOBAL const uint* bins, int nz, int ny, int nx,
                  int kz, int ky, int kx, int rz, int ry, int rx, int nbins) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= rx * kx || y >= ry * ky || z >= rz * kz) return;
	int src = (map_index(z, nz, MODE_MIRROR) * ny + map_index(y, ny, MODE_MIRROR)) * nx + map_index(x, nx, MODE_MIRROR);
	int region = ((z / kz) * ry + y / ky) * rx + x / kx;
	ATOMIC_INC(&hist[region * nbins + (int)bins[src]]);
}

/* clahe_axis finds, for padded coordinate p on an axis of regions of k pixels (r of
 * them), the two regions around it (clamped to the grid, as skimage pads the mappings
 * by edge) and their weights 1 - c, c with c = (p mod k)/k. */
DEVICE void clahe_axis(int p, int k, int r, int* reg, real* w) {
	int b = p / k;
	real c = (real)(p % k) / (real)k;
	reg[0] = imin(imax(b - 1, 0), r - 1);
	reg[1] = imin(imax(b, 0), r - 1);
	w[0] = (real)1 - c;
	w[1] = c;
}

/* clahe_interp interpolates each pixel's level between the mappings (nbins per region)
 * of the 2^3 regions around it, as kernels/cpu's clahe: weights multiplied x, y, z in
 * real, each term rounded to float and summed in float in z, y, x order, terms of
 * weight-0 upper regions skipped; the sum truncated to an integer. sz, sy, sx are the
 * padding before the image. */
KERNEL clahe_interp(GLOBAL float* dst, int doff, GLOBAL const uint* bins, GLOBAL const int* maps,
                    int nz, int ny, int nx, int kz, int ky, int kx, int rz, int ry, int rx,
                    int sz, int sy, int sx, int nbins) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	int regz[2], regy[2], regx[2];
	real cz[2], cy[2], cx[2];
	clahe_axis(z + sz, kz, rz, regz, cz);
	clahe_axis(y + sy, ky, ry, regy, cy);
	clahe_axis(x + sx, kx, rx, regx, cx);
	int b = (int)bins[i];
	int mz = cz[1] != (real)0 ? 2 : 1, my = cy[1] != (real)0 ? 2 : 1, mx = cx[1] != (real)0 ? 2 : 1;
	float acc = 0.0f;
	for (int ez = 0; ez < mz; ez++) {
		for (int ey = 0; ey < my; ey++) {
			for (int ex = 0; ex < mx; ex++) {
				real c = cx[ex] * cy[ey] * cz[ez];
				int m = maps[((regz[ez] * ry + regy[ey]) * rx + regx[ex]) * nbins + b];
				acc += (float)((real)m * c);
			}
		}
	}
	dst[doff + i] = (float)(uint)acc;
}
