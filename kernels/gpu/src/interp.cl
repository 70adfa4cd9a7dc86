/* Spline interpolation (zoom, shift, rotate, affine_transform, spline_filter) as
 * kernels/cpu's interpolate.go computes it, which follows scipy.ndimage 1.10
 * (ni_interpolation.c, ni_splines.c) step for step. Everything is computed in real
 * (double on PoCL and CUDA devices, as the reference's float64) and rounded to float32
 * once, when stored. The casts to long reproduce the reference's int64 conversions
 * (C's npy_intp truncation in scipy). */

/* Interpolation modes, numbered as scipy's NI_ExtendMode (kernels/cpu's splineMode). */
#define SPL_NEAREST 0
#define SPL_WRAP 1
#define SPL_REFLECT 2
#define SPL_MIRROR 3
#define SPL_CONSTANT 4
#define SPL_GRID_WRAP 5
#define SPL_GRID_CONSTANT 6

/* pad_to_real writes the float32 image (nz, ny, nx) into the real array (cz, cy, cx),
 * which is larger by 2*pz, 2*py, 2*px: around the image it holds the nearest edge value
 * when edge, else k (kernels/cpu's padInto). One work item per element of the array. */
KERNEL pad_to_real(GLOBAL real* dst, int cz, int cy, int cx, GLOBAL const float* src, int soff,
                   int nz, int ny, int nx, int pz, int py, int px, int edge, real k) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= cx || y >= cy || z >= cz) return;
	int sz = z - pz, sy = y - py, sx = x - px;
	int inside = sz >= 0 && sz < nz && sy >= 0 && sy < ny && sx >= 0 && sx < nx;
	real v = k;
	if (inside || edge) {
		sz = imin(imax(sz, 0), nz - 1);
		sy = imin(imax(sy, 0), ny - 1);
		sx = imin(imax(sx, 0), nx - 1);
		v = (real)src[soff + (sz * ny + sy) * nx + sx];
	}
	dst[(z * cy + y) * cx + x] = v;
}

/* store_real rounds a real array of n elements to float32 into dst. */
KERNEL store_real(GLOBAL float* dst, int doff, GLOBAL const real* src, int n) {
	int i = GID(0);
	if (i >= n) return;
	dst[doff + i] = (float)src[i];
}

/* The initialisations of the prefilter's recursions (kernels/cpu's initCausal* and
 * initAnticausal*), on the line l of n samples with stride s, in the reference's order:
 * each returns the new first (causal) or last (anticausal) sample. */
DEVICE real init_causal_mirror(GLOBAL const real* l, int s, int n, real z) {
	real zi = z;
	real zn1 = pow(z, (real)(n - 1));
	real acc = l[0] + zn1 * l[(n - 1) * s];
	for (int i = 1; i < n - 1; i++) {
		acc += zi * (l[i * s] + zn1 * l[(n - 1 - i) * s]);
		zi *= z;
	}
	return acc / (1 - zn1 * zn1);
}

DEVICE real init_causal_wrap(GLOBAL const real* l, int s, int n, real z) {
	real zi = z;
	real acc = l[0];
	for (int i = 1; i < n; i++) {
		acc += zi * l[(n - i) * s];
		zi *= z;
	}
	return acc / (1 - zi);
}

DEVICE real init_anticausal_wrap(GLOBAL const real* l, int s, int n, real z) {
	real zi = z;
	real acc = l[(n - 1) * s];
	for (int i = 0; i < n - 1; i++) {
		acc += zi * l[i * s];
		zi *= z;
	}
	return acc * (z / (zi - 1));
}

/* init_causal_reflect: the reference updates the first sample in place, so its last
 * term reads the running sum, not the sample. */
DEVICE real init_causal_reflect(GLOBAL const real* l, int s, int n, real z) {
	real zi = z;
	real zn = pow(z, (real)n);
	real c0 = l[0];
	real acc = l[0] + zn * l[(n - 1) * s];
	for (int i = 1; i < n; i++) {
		acc += zi * (l[i * s] + zn * (n - 1 - i == 0 ? acc : l[(n - 1 - i) * s]));
		zi *= z;
	}
	acc *= z / (1 - zn * zn);
	return acc + c0;
}

DEVICE real init_causal(GLOBAL const real* l, int s, int n, real z, int mode) {
	if (mode == SPL_GRID_WRAP) return init_causal_wrap(l, s, n, z);
	if (mode == SPL_NEAREST || mode == SPL_REFLECT) return init_causal_reflect(l, s, n, z);
	return init_causal_mirror(l, s, n, z);
}

DEVICE real init_anticausal(GLOBAL const real* l, int s, int n, real z, int mode) {
	if (mode == SPL_GRID_WRAP) return init_anticausal_wrap(l, s, n, z);
	if (mode == SPL_NEAREST || mode == SPL_REFLECT) return l[(n - 1) * s] * (z / (z - 1));
	return (z * l[(n - 2) * s] + l[(n - 1) * s]) * z / (z * z - 1);
}

/* The prefilter (kernels/cpu's splineFilterLine, scipy's apply_filter) turns each line
 * along an axis into B-spline coefficients: the gain of the poles (spline_gain), then
 * per pole a causal recursion y[i] = x[i] + z*y[i-1] from y[0] = init_causal and an
 * anticausal one c[i] = z*(c[i+1] - y[i]) from c[n-1] = init_anticausal. The lines are
 * cut into segments of SPL_SEG samples, one work item each, so that a plane has enough
 * of them; a segment's recursion starts SPL_WARM samples before it from 0 (the
 * reference's result differs by |z|^64 < 4e-24 of it, below double precision), or at
 * the line's end from the exact initialisation. A line that holds a NaN or an infinity
 * (flag, line_nonfinite) is filtered whole by its first segment's work item, exactly as
 * the reference does, since such values never fade. x and y are distinct arrays. */
#define SPL_SEG 64
#define SPL_WARM 64

KERNEL spline_gain(GLOBAL real* c, int n, real gain) {
	int i = GID(0);
	if (i >= n) return;
	c[i] *= gain;
}

/* spline_segment places work item g: the line's first element base, its length n and
 * stride s, the segment [i0, i1) it writes and whether it filters the whole line
 * (whole); it returns 0 for a work item with nothing to do. */
DEVICE int spline_segment(int g, int nz, int ny, int nx, int axis, GLOBAL const uint* flag,
                          int* base, int* n, int* s, int* i0, int* i1, int* whole) {
	*n = axis_len(axis, nz, ny, nx);
	*s = axis_stride(axis, ny, nx);
	int segs = (*n + SPL_SEG - 1) / SPL_SEG;
	if (g >= nz * ny * nx / *n * segs || *n < 2) return 0;
	int line = g / segs, seg = g % segs;
	*base = (line / *s) * *n * *s + line % *s;
	*whole = flag[line] != 0u;
	*i0 = *whole ? 0 : seg * SPL_SEG;
	*i1 = *whole ? *n : imin(*n, *i0 + SPL_SEG);
	return !*whole || seg == 0;
}

KERNEL spline_causal(GLOBAL real* y, GLOBAL const real* x, GLOBAL const uint* flag,
                     int nz, int ny, int nx, int axis, real z, int mode) {
	int base, n, s, i0, i1, whole;
	if (!spline_segment(GID(0), nz, ny, nx, axis, flag, &base, &n, &s, &i0, &i1, &whole)) return;
	int j0 = whole ? 0 : imax(0, i0 - SPL_WARM);
	real acc = j0 == 0 ? init_causal(x + base, s, n, z, mode) : x[base + j0 * s];
	if (j0 >= i0) y[base + j0 * s] = acc;
	for (int j = j0 + 1; j < i1; j++) {
		acc = x[base + j * s] + z * acc;
		if (j >= i0) y[base + j * s] = acc;
	}
}

KERNEL spline_anticausal(GLOBAL real* c, GLOBAL const real* y, GLOBAL const uint* flag,
                         int nz, int ny, int nx, int axis, real z, int mode) {
	int base, n, s, i0, i1, whole;
	if (!spline_segment(GID(0), nz, ny, nx, axis, flag, &base, &n, &s, &i0, &i1, &whole)) return;
	int j1 = whole ? n - 1 : imin(n - 1, i1 - 1 + SPL_WARM);
	real acc = j1 == n - 1 ? init_anticausal(y + base, s, n, z, mode) : z * (0 - y[base + j1 * s]);
	if (j1 < i1) c[base + j1 * s] = acc;
	for (int j = j1 - 1; j >= i0; j--) {
		acc = z * (acc - y[base + j * s]);
		if (j < i1) c[base + j * s] = acc;
	}
}

/* map_coordinate maps a coordinate past the edges of an axis of n samples into it as
 * kernels/cpu's mapCoordinate (scipy's map_coordinate); -1 means cval. */
DEVICE real map_coordinate(real in, int n, int mode) {
	real ln = (real)n;
	if (in < 0) {
		if (mode == SPL_MIRROR) {
			if (n <= 1) return 0;
			long sz2 = 2 * (long)n - 2;
			in = (real)(sz2 * (long)(-in / (real)sz2)) + in;
			if (in <= (real)(1 - n)) in += (real)sz2;
			else in = -in;
		} else if (mode == SPL_REFLECT) {
			if (n <= 1) return 0;
			long sz2 = 2 * (long)n;
			if (in < -(real)sz2) in = (real)(sz2 * (long)(-in / (real)sz2)) + in;
			if (in < -ln) {
				in += (real)sz2;
			} else {
				if (in > (real)-1e-15) in = (real)1e-15;
				else in = -in;
				in -= 1;
			}
		} else if (mode == SPL_WRAP) {
			if (n <= 1) return 0;
			long sz = (long)n - 1;
			in += (real)(sz * ((long)(-in / (real)sz) + 1));
		} else if (mode == SPL_GRID_WRAP) {
			if (n <= 1) return 0;
			in += (real)((long)n * ((long)((-1 - in) / ln) + 1));
		} else if (mode == SPL_NEAREST) {
			in = 0;
		} else if (mode == SPL_CONSTANT) {
			in = -1;
		}
	} else if (in > ln - 1) {
		if (mode == SPL_MIRROR) {
			if (n <= 1) return 0;
			long sz2 = 2 * (long)n - 2;
			in -= (real)(sz2 * (long)(in / (real)sz2));
			if (in >= ln) in = (real)sz2 - in;
		} else if (mode == SPL_REFLECT) {
			if (n <= 1) return 0;
			long sz2 = 2 * (long)n;
			in -= (real)(sz2 * (long)(in / (real)sz2));
			if (in >= ln) in = (real)sz2 - in - 1;
		} else if (mode == SPL_WRAP) {
			if (n <= 1) return 0;
			long sz = (long)n - 1;
			in -= (real)(sz * (long)(in / (real)sz));
		} else if (mode == SPL_GRID_WRAP) {
			if (n <= 1) return 0;
			in -= (real)((long)n * (long)(in / ln));
		} else if (mode == SPL_NEAREST) {
			in = ln - 1;
		} else if (mode == SPL_CONSTANT) {
			in = -1;
		}
	}
	return in;
}

/* spline_weights sets w[0..order] to the B-spline weights of the taps around x, in the
 * reference's (scipy's get_spline_interpolation_weights) order of evaluation. */
DEVICE void spline_weights(real x, int order, real* w) {
	if (order & 1) x -= floor(x);
	else x -= floor(x + (real)0.5);
	real y = x;
	real z = 1 - x;
	real t;
	switch (order) {
	case 0:
		w[0] = 1;
		return;
	case 1:
		w[0] = 1 - x;
		break;
	case 2:
		w[1] = (real)0.75 - x * x;
		y = (real)0.5 - x;
		w[0] = (real)0.5 * y * y;
		break;
	case 3:
		w[1] = (y * y * (y - 2) * 3 + 4) / 6;
		w[2] = (z * z * (z - 2) * 3 + 4) / 6;
		w[0] = z * z * z / 6;
		break;
	case 4:
		t = x * x;
		w[2] = t * (t * (real)0.25 - (real)0.625) + (real)115.0 / (real)192.0;
		y = 1 + x;
		w[1] = y * (y * (y * (5 - y) / 6 - (real)1.25) + (real)5.0 / (real)24.0) + (real)55.0 / (real)96.0;
		w[3] = z * (z * (z * (5 - z) / 6 - (real)1.25) + (real)5.0 / (real)24.0) + (real)55.0 / (real)96.0;
		y = (real)0.5 - x;
		t = y * y;
		w[0] = t * t / 24;
		break;
	case 5:
		t = y * y;
		w[2] = t * (t * ((real)0.25 - y / 12) - (real)0.5) + (real)0.55;
		t = z * z;
		w[3] = t * (t * ((real)0.25 - z / 12) - (real)0.5) + (real)0.55;
		y += 1;
		w[1] = y * (y * (y * (y * (y / 24 - (real)0.375) + (real)1.25) - (real)1.75) + (real)0.625) + (real)0.425;
		z += 1;
		w[4] = z * (z * (z * (z * (z / 24 - (real)0.375) + (real)1.25) - (real)1.75) + (real)0.625) + (real)0.425;
		y = 1 - x;
		t = y * y;
		w[0] = y * t * t / 120;
		break;
	}
	w[order] = 1;
	for (int i = 0; i < order; i++) w[order] -= w[i];
}

/* axis_taps sets idx and w (order+1 entries each) for coordinate cc on an axis of n
 * samples and returns 1, or returns 0 when the output is cval (kernels/cpu's
 * tapRule.taps). spl is how taps past the edge map; an idx of -1 stands for cval. */
DEVICE int axis_taps(real cc, int n, int order, int mode, int spl, int* idx, real* w) {
	if (IS_NAN(cc)) return 0;
	int free_coord = mode == SPL_GRID_CONSTANT || mode == SPL_NEAREST;
	if (!free_coord && !(cc >= 0 && cc <= (real)(n - 1))) {
		cc = map_coordinate(cc, n, mode);
		if (!(cc > -1)) return 0;
	}
	/* 2^50: beyond it float64 holds no fraction; keeps the conversions below defined */
	real far = (real)1125899906842624.0;
	cc = fmin(fmax(cc, -far), far);
	long start = (long)floor((order & 1) ? cc : cc + (real)0.5) - order / 2;
	int edge = start < 0 || start + order >= n;
	for (int h = 0; h <= order; h++) {
		long i = start + h;
		if (edge) {
			if (mode == SPL_GRID_CONSTANT) {
				if (i < 0 || i >= n) i = -1;
			} else {
				i = (long)map_coordinate((real)i, n, spl);
				i = i < 0 ? 0 : i > n - 1 ? n - 1 : i;
			}
		}
		idx[h] = (int)i;
	}
	spline_weights(cc, order, w);
	return 1;
}

/* resample_at is the value of output (z, y, x) interpolated from the real coefficients
 * (nz, ny, nx), one work item per output element. Axis h (0 = Z) passes through when bit
 * h of pass is set (output index = input index, weight 1); on the others the input
 * coordinate of output index (z, y, x) is, from xf (15 reals):
 *   affine == 0: ((k + xf[3h]) * xf[3h+1] + xf[3h+2]) + xf[12+h], k the index along h
 *                (zoom, shift and a diagonal affine_transform);
 *   affine == 1: xf[9+h] + z*xf[3h] + y*xf[3h+1] + x*xf[3h+2] + xf[12+h], summed in
 *                that order (the matrix is zero in pass-through columns);
 * xf[12+h] being the padding of the coefficients. The footprint is summed in C order,
 * taps past an edge as mode says; the output is cval where an axis says so. The loops
 * run to order + 1 and stop early on pass-through axes, and each axis has its own tap
 * arrays (axis_prepare sets them), so that where a kernel calls it with a constant
 * order they unroll and the taps stay in registers. */
DEVICE int axis_prepare(int h, int z, int y, int x, int n, GLOBAL const real* xf, int affine, int pass,
                        int order, int mode, int spl, int* idx, real* w, int* t) {
	int k = h == 0 ? z : h == 1 ? y : x;
	if ((pass >> h) & 1) {
		*t = 1;
		idx[0] = k;
		w[0] = 1;
		return 1;
	}
	real cc;
	if (affine) {
		cc = xf[9 + h];
		cc += (real)z * xf[3 * h];
		cc += (real)y * xf[3 * h + 1];
		cc += (real)x * xf[3 * h + 2];
	} else {
		cc = ((real)k + xf[3 * h]) * xf[3 * h + 1] + xf[3 * h + 2];
	}
	cc += xf[12 + h];
	*t = order + 1;
	return axis_taps(cc, n, order, mode, spl, idx, w);
}

DEVICE float resample_at(int z, int y, int x, GLOBAL const real* coef, int nz, int ny, int nx,
                         GLOBAL const real* xf, int affine, int pass, int order, int mode, real cval) {
	int spl = (mode == SPL_CONSTANT || mode == SPL_WRAP) ? SPL_MIRROR : mode;
	int iz[6], iy[6], ix[6];
	real wz[6], wy[6], wx[6];
	int tz, ty, tx;
	if (!axis_prepare(0, z, y, x, nz, xf, affine, pass, order, mode, spl, iz, wz, &tz) ||
	    !axis_prepare(1, z, y, x, ny, xf, affine, pass, order, mode, spl, iy, wy, &ty) ||
	    !axis_prepare(2, z, y, x, nx, xf, affine, pass, order, mode, spl, ix, wx, &tx)) {
		return (float)cval;
	}
	real v = 0;
	for (int a = 0; a <= order; a++) {
		if (a >= tz) break;
		for (int b = 0; b <= order; b++) {
			if (b >= ty) break;
			for (int d = 0; d <= order; d++) {
				if (d >= tx) break;
				real c = (iz[a] < 0 || iy[b] < 0 || ix[d] < 0) ? cval : coef[(iz[a] * ny + iy[b]) * nx + ix[d]];
				v += c * wz[a] * wy[b] * wx[d];
			}
		}
	}
	return (float)v;
}

/* resample writes every output element with resample_at; resample_o1 and resample_o3
 * are the same for orders 1 and 3, compiled with the order constant. */
#define RESAMPLE(name, ORDER) \
KERNEL name(GLOBAL float* dst, int doff, int oz, int oy, int ox, GLOBAL const real* coef, \
            int nz, int ny, int nx, GLOBAL const real* xf, int affine, int pass, int order, \
            int mode, real cval) { \
	int x = GID(0), y = GID(1), z = GID(2); \
	if (x >= ox || y >= oy || z >= oz) return; \
	dst[doff + (z * oy + y) * ox + x] = resample_at(z, y, x, coef, nz, ny, nx, xf, affine, pass, ORDER, mode, cval); \
}
RESAMPLE(resample, order)
RESAMPLE(resample_o1, 1)
RESAMPLE(resample_o3, 3)

/* tap_table computes, for each of the m = oz + oy + ox output indices of a separable
 * resampling (affine == 0 above; entry e = k on Z, oz + k on Y, oz + oy + k on X), the
 * taps and weights resample_at would compute, tap j at j*m + e (so that neighbouring
 * outputs read neighbouring words), and ok[e] = 0 where the output is cval; axes whose
 * pass bit is set are left alone. The coordinate of index k on axis h is
 * (k + a_h) * b_h + c_h plus the padding p_h, with the coefficients' length n_h. Every
 * output element of a plane or volume shares the entries along each axis, so
 * resample_table reads them instead of mapping its coordinates. */
KERNEL tap_table(GLOBAL int* idx, GLOBAL real* w, GLOBAL int* ok, int oz, int oy, int ox,
                 int nz, int ny, int nx, int pz, int py, int px, int pass,
                 real az, real bz, real cz, real ay, real by, real cy, real ax, real bx, real cx,
                 int order, int mode) {
	int e = GID(0);
	int m = oz + oy + ox;
	if (e >= m) return;
	int h = e < oz ? 0 : e < oz + oy ? 1 : 2;
	if ((pass >> h) & 1) return;
	int k = h == 0 ? e : h == 1 ? e - oz : e - oz - oy;
	int n = h == 0 ? nz : h == 1 ? ny : nx;
	real a = h == 0 ? az : h == 1 ? ay : ax;
	real b = h == 0 ? bz : h == 1 ? by : bx;
	real c = h == 0 ? cz : h == 1 ? cy : cx;
	int spl = (mode == SPL_CONSTANT || mode == SPL_WRAP) ? SPL_MIRROR : mode;
	real cc = ((real)k + a) * b + c;
	cc += (real)(h == 0 ? pz : h == 1 ? py : px);
	int ti[6];
	real tw[6];
	int good = axis_taps(cc, n, order, mode, spl, ti, tw);
	ok[e] = good;
	for (int j = 0; j <= order; j++) {
		idx[j * m + e] = good ? ti[j] : 0;
		w[j * m + e] = good ? tw[j] : (real)0;
	}
}

/* table_axis loads the taps of output index k on an axis from its tap_table (at off),
 * or the pass-through tap (then every idx[j] is k, so that taps beyond *t still index
 * the image); it returns 0 where the output is cval. */
DEVICE int table_axis(int k, int pass, GLOBAL const int* tidx, GLOBAL const real* tw, GLOBAL const int* tok,
                      int total, int off, int order, int* idx, real* w, int* t) {
	if (pass) {
		*t = 1;
		for (int j = 0; j <= order; j++) {
			idx[j] = k;
			w[j] = 1;
		}
		return 1;
	}
	*t = order + 1;
	for (int j = 0; j <= order; j++) {
		idx[j] = tidx[j * total + off + k];
		w[j] = tw[j * total + off + k];
	}
	return tok[off + k];
}

/* resample_table is resample for separable resamplings (zoom, shift, a diagonal
 * affine_transform) from the tap tables of the three axes, concatenated (Z at 0, Y at
 * oz, X at oz + oy): the same taps, weights and sum as resample_at, without mapping
 * each element's coordinates. (Summing axis by axis as kernels/cpu's evalSeparable
 * does takes fewer products but more registers; on the H100 it made zoom x2 of
 * 64x512^2 slower at order 3, 12.9 ms against 10.3 ms, and no faster at order 1.)
 * Compiled with the order constant for orders 0, 1 and 3, and reading the float32
 * image itself (from element coff) where nothing is prefiltered (orders 0 and 1, or
 * prefilter off): its values are the coefficients.
 * Within a row no load sits behind a branch (a tap outside reads element coff and is
 * replaced by cval), and the three tables are read together, so loads are in flight
 * together instead of one latency each; the branches that skip the rows of pass-through
 * Z and Y axes are the same for every item. X never passes through here (every
 * resampling interpolates its last axis). Taps fall outside (index -1, value cval) only
 * in grid-constant mode: the kernels compiled with EDGE 0 are for the other modes and
 * leave out the checks, about a quarter of an order-1 kernel's instructions. (Capping
 * order 1 at 32 registers for full occupancy, with a CUDA launch bound, raised the
 * achieved occupancy from 60% to 84% on the H100/H200 but not the speed: 140 us
 * either way for 2048^2 zoomed x2.) OUTS is the outputs per item (x, x + xhalf). With
 * YFULL set (orders 0 and 1, for images of two or three axes) Y never passes through,
 * so every row's loads are unconditional and can all be in flight together. */
#define RESAMPLE_TABLE(name, ORDER, T, EDGE, OUTS, YFULL) \
KERNEL name(GLOBAL float* dst, int doff, int oz, int oy, int ox, GLOBAL const T* coef, int coff, \
            int nz, int ny, int nx, GLOBAL const int* tidx, GLOBAL const real* tw, GLOBAL const int* tok, \
            int pass, int order, real cval, int xhalf) { \
	int x0 = GID(0), y = GID(1), z = GID(2); \
	if (x0 >= xhalf || y >= oy || z >= oz) return; \
	int iz[6], iy[6], ix[OUTS][6]; \
	real wz[6], wy[6], wx[OUTS][6]; \
	int tz, ty, tx, good[OUTS]; \
	int total = oz + oy + ox; \
	int zy = table_axis(z, pass & 1, tidx, tw, tok, total, 0, ORDER, iz, wz, &tz) & \
	         table_axis(y, (pass >> 1) & 1, tidx, tw, tok, total, oz, ORDER, iy, wy, &ty); \
	for (int r = 0; r < OUTS; r++) \
		good[r] = zy & table_axis(imin(x0 + r * xhalf, ox - 1), 0, tidx, tw, tok, total, oz + oy, ORDER, ix[r], wx[r], &tx); \
	real v[OUTS]; \
	for (int r = 0; r < OUTS; r++) v[r] = 0; \
	for (int a = 0; a <= ORDER; a++) { \
		if (a >= tz) break; \
		for (int b = 0; b <= ORDER; b++) { \
			if (!YFULL && b >= ty) break; \
			int row = coff + (iz[a] * ny + iy[b]) * nx, rin = (iz[a] | iy[b]) >= 0; \
			T c[OUTS][6]; \
			for (int r = 0; r < OUTS; r++) { \
				for (int d = 0; d <= ORDER; d++) c[r][d] = coef[EDGE && !(rin && ix[r][d] >= 0) ? coff : row + ix[r][d]]; \
			} \
			for (int r = 0; r < OUTS; r++) { \
				for (int d = 0; d <= ORDER; d++) \
					v[r] += (EDGE && !(rin && ix[r][d] >= 0) ? cval : (real)c[r][d]) * wz[a] * wy[b] * wx[r][d]; \
			} \
		} \
	} \
	for (int r = 0; r < OUTS; r++) { \
		int x = x0 + r * xhalf; \
		if (x < ox) dst[doff + (z * oy + y) * ox + x] = (float)(good[r] ? v[r] : cval); \
	} \
}
RESAMPLE_TABLE(resample_table, order, real, 1, 1, 0)
RESAMPLE_TABLE(resample_table_o0, 0, real, 0, 2, 1)
RESAMPLE_TABLE(resample_table_o1, 1, real, 0, 2, 1)
RESAMPLE_TABLE(resample_table_o3, 3, real, 0, 1, 0)
RESAMPLE_TABLE(resample_table_o0_edge, 0, real, 1, 2, 1)
RESAMPLE_TABLE(resample_table_o1_edge, 1, real, 1, 2, 1)
RESAMPLE_TABLE(resample_table_o3_edge, 3, real, 1, 1, 0)
RESAMPLE_TABLE(resample_table_float, order, float, 1, 1, 0)
RESAMPLE_TABLE(resample_table_o0_float, 0, float, 0, 2, 1)
RESAMPLE_TABLE(resample_table_o1_float, 1, float, 0, 2, 1)
RESAMPLE_TABLE(resample_table_o0_float_edge, 0, float, 1, 2, 1)
RESAMPLE_TABLE(resample_table_o1_float_edge, 1, float, 1, 2, 1)
