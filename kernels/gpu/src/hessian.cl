/* Hessian eigenvalues of a Gaussian-smoothed image g, as kernels/cpu/hessian.go (skimage
 * 0.19 with order="rc"): H_ab = np.gradient(np.gradient(g, axis=b), axis=a) in float32,
 * each element scaled by a float32 factor; 2D eigenvalues by skimage's closed form in
 * float32, 3D ones in real by the trigonometric solution of the characteristic cubic
 * (cyclic Jacobi rotations near a double root), in kernels/cpu's operation order. */

/* grad1 is np.gradient along an axis (position i of n >= 2, element stride) at element p:
 * the one-sided difference at the ends, (f[i+1] - f[i-1]) / 2 inside. */
DEVICE float grad1(GLOBAL const float* g, int p, int i, int n, int stride) {
	if (i == 0) return g[p + stride] - g[p];
	if (i == n - 1) return g[p] - g[p - stride];
	return (g[p + stride] - g[p - stride]) / 2.0f;
}

/* grad2 is np.gradient along axis a of np.gradient along axis b at element p (same is 1
 * when a and b are the same axis, so that a step along a moves the position along b). */
DEVICE float grad2(GLOBAL const float* g, int p, int ia, int na, int sa, int ib, int nb, int sb, int same) {
	int h = ia == na - 1 ? 0 : 1;
	int l = ia == 0 ? 0 : -1;
	float d = grad1(g, p + h * sa, ib + same * h, nb, sb) - grad1(g, p + l * sa, ib + same * l, nb, sb);
	return (ia == 0 || ia == na - 1) ? d : d / 2.0f;
}

/* sort3_desc puts a, b, c in decreasing order (kernels/cpu's sort3Desc, NaN included). */
DEVICE void sort3_desc(real a, real b, real c, real* out) {
	real t;
	if (a < b) { t = a; a = b; b = t; }
	if (b < c) { t = b; b = c; c = t; }
	if (a < b) { t = a; a = b; b = t; }
	out[0] = a;
	out[1] = b;
	out[2] = c;
}

/* jacobi_eig3: kernels/cpu's jacobiEig3, cyclic Jacobi rotations of [[a, d, e], [d, b, f],
 * [e, f, c]]. */
DEVICE void jacobi_eig3(real a, real b, real c, real d, real e, real f, real* out) {
	real m[3][3];
	m[0][0] = a; m[0][1] = d; m[0][2] = e;
	m[1][0] = d; m[1][1] = b; m[1][2] = f;
	m[2][0] = e; m[2][1] = f; m[2][2] = c;
	for (int sweep = 0; sweep < 50; sweep++) {
		real off = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
		if (off == 0) break;
		for (int k = 0; k < 3; k++) {
			int p = k == 2 ? 1 : 0;
			int q = k == 0 ? 1 : 2;
			if (m[p][q] == 0) continue;
			real theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
			real t = 1 / (fabs(theta) + sqrt(theta * theta + 1));
			if (theta < 0) t = -t;
			if (isinf(theta)) t = 0;
			real cs = 1 / sqrt(t * t + 1);
			real sn = t * cs;
			for (int i = 0; i < 3; i++) { /* columns p, q */
				real mp = m[i][p], mq = m[i][q];
				m[i][p] = cs * mp - sn * mq;
				m[i][q] = sn * mp + cs * mq;
			}
			for (int i = 0; i < 3; i++) { /* rows p, q */
				real mp = m[p][i], mq = m[q][i];
				m[p][i] = cs * mp - sn * mq;
				m[q][i] = sn * mp + cs * mq;
			}
			m[p][q] = 0;
			m[q][p] = 0;
		}
	}
	sort3_desc(m[0][0], m[1][1], m[2][2], out);
}

/* sym_eig3: kernels/cpu's symEig3, the eigenvalues of [[a, d, e], [d, b, f], [e, f, c]]
 * in decreasing order; third_turn is 2π/3 as Go rounds it. */
DEVICE void sym_eig3(real a, real b, real c, real d, real e, real f, real third_turn, real* out) {
	real p1 = d * d + e * e + f * f;
	if (p1 == 0) {
		sort3_desc(a, b, c, out);
		return;
	}
	real q = (a + b + c) / 3;
	real a0 = a - q, b0 = b - q, c0 = c - q;
	real p = sqrt((a0 * a0 + b0 * b0 + c0 * c0 + 2 * p1) / 6);
	real ip = 1 / p;
	real ba = a0 * ip, bb = b0 * ip, bc = c0 * ip, bd = d * ip, be = e * ip, bf = f * ip;
	real r = (ba * (bb * bc - bf * bf) - bd * (bd * bc - bf * be) + be * (bd * bf - bb * be)) / 2;
	if (!(1 - fabs(r) > 1e-8)) { /* near a double root, or NaN/Inf */
		if (IS_NAN(r) || isinf(p)) {
			real nan = IS_NAN(r) ? r : p - p;
			out[0] = nan;
			out[1] = nan;
			out[2] = nan;
			return;
		}
		jacobi_eig3(a, b, c, d, e, f, out);
		return;
	}
	real phi = acos(r) / 3;
	real l1 = q + 2 * p * cos(phi);
	real l3 = q + 2 * p * cos(phi + third_turn);
	real l2 = 3 * q - l1 - l3;
	sort3_desc(l1, l2, l3, out);
}

/* hessian_eigenvalues writes the eigenvalues of scale·H at (z, y, x) of g in decreasing
 * order to ev (ev[2] unused in 2D). */
DEVICE void hessian_eigenvalues(GLOBAL const float* g, int z, int y, int x, int nz, int ny, int nx,
                                int three_d, float scale, real third_turn, float* ev) {
	int p = (z * ny + y) * nx + x;
	float hxx = grad2(g, p, x, nx, 1, x, nx, 1, 1);
	float hxy = grad2(g, p, y, ny, nx, x, nx, 1, 0);
	float hyy = grad2(g, p, y, ny, nx, y, ny, nx, 1);
	if (!three_d) {
		/* skimage's (m00 + m11)/2 ± sqrt(4·m01² + (m00 - m11)²)/2 in float32 */
		float m00 = scale * hxx, m01 = scale * hxy, m11 = scale * hyy;
		float t = (m00 + m11) / 2.0f;
		float dd = m00 - m11;
		float s = 4.0f * (m01 * m01) + dd * dd;
		float h = (float)sqrt((real)s) / 2.0f;
		ev[0] = t + h;
		ev[1] = t - h;
		return;
	}
	int nxy = nx * ny;
	float hxz = grad2(g, p, z, nz, nxy, x, nx, 1, 0);
	float hyz = grad2(g, p, z, nz, nxy, y, ny, nx, 0);
	float hzz = grad2(g, p, z, nz, nxy, z, nz, nxy, 1);
	real l[3];
	sym_eig3((real)(scale * hxx), (real)(scale * hyy), (real)(scale * hzz),
	         (real)(scale * hxy), (real)(scale * hxz), (real)(scale * hyz), third_turn, l);
	ev[0] = (float)l[0];
	ev[1] = (float)l[1];
	ev[2] = (float)l[2];
}

/* hessian_eigenvalue: eigenvalue number pick (0 the largest) of every pixel. */
KERNEL hessian_eigenvalue(GLOBAL float* dst, int doff, GLOBAL const float* g, int nz, int ny, int nx,
                          int three_d, int pick, float scale, real third_turn) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float ev[3];
	hessian_eigenvalues(g, z, y, x, nz, ny, nx, three_d, scale, third_turn, ev);
	dst[doff + (z * ny + y) * nx + x] = ev[pick];
}

/* Ridge filters (kernels/cpu/ridges.go, skimage 0.19): a per-pixel response from the
 * eigenvalues of s²·H at one scale, merged into dst as np.max over the scales. */

DEVICE float abs32(float v) { return AS_FLOAT(AS_UINT(v) & 0x7fffffffu); }

/* less_nan is numpy's sort order: NaN after everything. */
DEVICE int less_nan(float a, float b) { return a < b || (IS_NAN(b) && !IS_NAN(a)); }

/* sort3 is numpy's stable insertion sort of three values, by value or (by_abs) by
 * absolute value. */
DEVICE void sort3(float* v, int by_abs) {
	for (int i = 1; i < 3; i++) {
		float x = v[i];
		int j = i;
		for (; j > 0 && less_nan(by_abs ? abs32(x) : x, by_abs ? abs32(v[j - 1]) : v[j - 1]); j--) v[j] = v[j - 1];
		v[j] = x;
	}
}

/* sort2 is sort3 for two values. */
DEVICE void sort2(float* v, int by_abs) {
	if (less_nan(by_abs ? abs32(v[1]) : v[1], by_abs ? abs32(v[0]) : v[0])) {
		float t = v[0];
		v[0] = v[1];
		v[1] = t;
	}
}

/* merge_scale is np.max over the scales so far: v for the first, else the larger of the
 * old value and v, NaN if either is NaN. */
DEVICE void merge_scale(GLOBAL float* dst, int i, int first, float v) {
	float o = dst[i];
	dst[i] = first ? v : (IS_NAN(o) || IS_NAN(v)) ? o + v : (o > v ? o : v);
}

DEVICE float exp32(float v) { return (float)exp((real)v); }

/* nonzero32 is skimage's _divide_nonzero denominator. */
DEVICE float nonzero32(float v) { return v == 0.0f ? 1e-10f : v; }

/* sato_scale: |l2| (2D) or sqrt(|l2·l3|) (3D) of the eigenvalues sorted by value where
 * the largest is > 0, else 0. */
KERNEL sato_scale(GLOBAL float* dst, int doff, GLOBAL const float* g, int nz, int ny, int nx,
                  int three_d, int first, float scale, real third_turn) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float ev[3];
	hessian_eigenvalues(g, z, y, x, nz, ny, nx, three_d, scale, third_turn, ev);
	float v = 0.0f;
	if (three_d) {
		sort3(ev, 0);
		if (ev[2] > 0.0f) v = (float)sqrt((real)abs32(ev[1] * ev[2]));
	} else {
		sort2(ev, 0);
		if (ev[1] > 0.0f) v = abs32(ev[1]);
	}
	merge_scale(dst, doff + (z * ny + y) * nx + x, first, v);
}

/* frangi_scale: kernels/cpu's Frangi response at one scale, in float32, with the
 * eigenvalues sorted by absolute value and the float32 denominators 2α², 2β², 2γ². */
KERNEL frangi_scale(GLOBAL float* dst, int doff, GLOBAL const float* g, int nz, int ny, int nx,
                    int three_d, int first, float scale, real third_turn, float alpha_sq, float beta_sq, float gamma_sq) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float ev[3];
	hessian_eigenvalues(g, z, y, x, nz, ny, nx, three_d, scale, third_turn, ev);
	float v;
	if (three_d) {
		sort3(ev, 1);
		float l1 = ev[0], l2 = ev[1], l3 = ev[2];
		float ra = l2 / nonzero32(l3);
		ra = ra * ra;
		float raw = (float)sqrt((real)abs32(l2 * l3));
		float rb = l1 / nonzero32(raw);
		rb = rb * rb;
		float rg = (l1 * l1 + l2 * l2) + l3 * l3;
		v = ((1.0f - exp32(-ra / alpha_sq)) * exp32(-rb / beta_sq)) * (1.0f - exp32(-rg / gamma_sq));
		if (!IS_NAN(l2) && !IS_NAN(l3) && (l2 > 0.0f || l3 > 0.0f)) v = 0.0f;
	} else {
		sort2(ev, 1);
		float l1 = ev[0], l2 = ev[1];
		float rb = l1 / nonzero32(abs32(l2));
		rb = rb * rb;
		float rg = l1 * l1 + l2 * l2;
		v = exp32(-rb / beta_sq) * (1.0f - exp32(-rg / gamma_sq));
		if (l2 > 0.0f) v = 0.0f;
	}
	merge_scale(dst, doff + (z * ny + y) * nx + x, first, v);
}

/* meijering_aux: skimage 0.19's normalised eigenvalue at one scale, in float32: with l the
 * eigenvalue of largest magnitude, l·α + l (2D) or (l·α + l·α) + l (3D). */
KERNEL meijering_aux(GLOBAL float* aux, GLOBAL const float* g, int nz, int ny, int nx,
                     int three_d, float scale, real third_turn, float alpha) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float ev[3];
	hessian_eigenvalues(g, z, y, x, nz, ny, nx, three_d, scale, third_turn, ev);
	float v;
	if (three_d) {
		sort3(ev, 1);
		float l = ev[2];
		v = (l * alpha + l * alpha) + l;
	} else {
		sort2(ev, 1);
		float l = ev[1];
		v = l * alpha + l;
	}
	aux[(z * ny + y) * nx + x] = v;
}

/* meijering_scale: the response aux/m where aux < 0, else 0, merged into dst; m is the
 * image-wide minimum of aux (1e-10 for 0), found by the caller. */
KERNEL meijering_scale(GLOBAL float* dst, int doff, GLOBAL const float* aux, int n, int first, float m) {
	int i = GID(0);
	if (i >= n) return;
	float a = aux[i];
	merge_scale(dst, doff + i, first, a < 0.0f ? a / m : 0.0f);
}
