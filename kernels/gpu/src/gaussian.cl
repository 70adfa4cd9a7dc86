/* The Gaussian filter family of kernels/cpu (gaussian_filter1d, gaussian_derivative,
 * gaussian_laplace, gaussian_gradient_magnitude, difference_of_gaussians, unsharp_mask):
 * 1D correlations summed in scipy's NI_Correlate1D order, in real, each pass rounded to
 * float32, and the float32 steps that combine passes. */

/* line_at reads position j of the line starting at base with stride, extended by mode
 * (cval outside in constant mode). */
DEVICE real line_at(GLOBAL const float* src, int base, int stride, int j, int n, int mode, real cval) {
	int k = map_index(j, n, mode);
	return k < 0 ? cval : (real)src[base + k * stride];
}

/* correlate_folded_axis: NI_Correlate1D along axis with the 2r+1 weights w, one work
 * item per output element, launched over (X, Y, Z). fold > 0 (symmetric weights):
 * in[i]*w[r] + sum_{j=r..1} (in[i-j] + in[i+j])*w[r-j]; fold < 0 (antisymmetric): the
 * same with in[i-j] - in[i+j]; fold = 0: in[i+r]*w[2r] + sum_{k=0..2r-1} in[i-r+k]*w[k]
 * (kernels/cpu's correlateFolded). */
KERNEL correlate_folded_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                             int nz, int ny, int nx, int axis,
                             GLOBAL const real* w, int r, int fold, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	real acc;
	if (fold != 0) {
		acc = (real)src[soff + idx] * w[r];
		if (i - r >= 0 && i + r < n) { /* inside: no boundary handling, the same sums */
			GLOBAL const float* c = src + soff + idx;
			for (int j = r; j >= 1; j--) {
				real lo = (real)c[-j * stride], hi = (real)c[j * stride];
				acc += (fold > 0 ? lo + hi : lo - hi) * w[r - j];
			}
		} else {
			for (int j = r; j >= 1; j--) {
				real lo = line_at(src, base, stride, i - j, n, mode, cval);
				real hi = line_at(src, base, stride, i + j, n, mode, cval);
				acc += (fold > 0 ? lo + hi : lo - hi) * w[r - j];
			}
		}
	} else {
		acc = line_at(src, base, stride, i + r, n, mode, cval) * w[2 * r];
		for (int k = 0; k < 2 * r; k++) acc += line_at(src, base, stride, i - r + k, n, mode, cval) * w[k];
	}
	dst[doff + idx] = (float)acc;
}

/* sum_squares: one step of gaussian_gradient_magnitude in float32, in place on dst:
 * dst = (first ? dst*dst : dst) + t*t, then its square root if last. */
KERNEL sum_squares(GLOBAL float* dst, int doff, GLOBAL const float* t, int toff, int n, int first, int last) {
	int i = GID(0);
	if (i >= n) return;
	float v = dst[doff + i];
	if (first) v = v * v;
	float u = t[toff + i];
	v = v + u * u;
	if (last) v = (float)sqrt((real)v);
	dst[doff + i] = v;
}

/* unsharp: dst = clip(v + (v - blurred)*amount, lo, hi) in float32, with v the image and
 * blurred read from dst (a NaN passes the clip). */
KERNEL unsharp(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n, float amount, float lo, float hi) {
	int i = GID(0);
	if (i >= n) return;
	float v = src[soff + i];
	float r = v + (v - dst[doff + i]) * amount;
	if (r < lo) {
		r = lo;
	} else if (r > hi) {
		r = hi;
	}
	dst[doff + i] = r;
}

/* any_negative sets *flag when src holds a value < 0. */
KERNEL any_negative(GLOBAL const float* src, int off, int n, GLOBAL int* flag) {
	int i = GID(0);
	if (i >= n) return;
	if (src[off + i] < 0.0f) *flag = 1;
}
