/* Distance transforms and the nearest-feature transform of expand_labels, with
 * kernels/cpu's exact arithmetic. Every pass works on whole lines along one axis, one
 * work item per line; a line of n elements along axis of a (nz, ny, nx) array starts at
 * (line / stride) * n * stride + line % stride, stride being the axis' element stride.
 * The per-line stacks live in scratch buffers at [k * lines + line], so that the work
 * items of a group, which are at similar k, touch neighbouring addresses. */

DEVICE int line_start(int line, int n, int stride) { return (line / stride) * n * stride + line % stride; }

DEVICE long slot(int k, int lines, int line) { return (long)k * lines + line; }

DEVICE int iabs(int a) { return a < 0 ? -a : a; }

DEVICE real real_inf(void) { return (real)AS_FLOAT(0x7f800000u); }

/* edt_rows is kernels/cpu's rowDistance1D: d2[i] is the squared distance (in units of s)
 * from pixel i of a row to the nearest zero of the row, +Inf where the row has none. A
 * row with a zero sets *found. */
KERNEL edt_rows(GLOBAL real* d2, GLOBAL const float* image, int off, int rows, int nx, real s, GLOBAL uint* found) {
	int r = GID(0);
	if (r >= rows) return;
	GLOBAL const float* row = image + off + r * nx;
	GLOBAL real* out = d2 + r * nx;
	int last = -1;
	for (int i = 0; i < nx; i++) {
		if (row[i] == 0) {
			last = i;
			out[i] = 0;
		} else if (last < 0) {
			out[i] = real_inf();
		} else {
			real d = (real)(i - last) * s;
			out[i] = d * d;
		}
	}
	if (last < 0) return;
	*found = 1u;
	int next = -1;
	for (int i = nx - 1; i >= 0; i--) {
		if (row[i] == 0) {
			next = i;
		} else if (next >= 0) {
			real d = (real)(next - i) * s;
			out[i] = fmin(out[i], d * d);
		}
	}
}

/* edt_envelope is kernels/cpu's envelope on every line along axis of d2, in place:
 * d2[q] = min over p of w*(q-p)^2 + d2[p], over the finite d2 only (the lower envelope
 * of parabolas of Felzenszwalb and Huttenlocher). The stack holds each parabola's apex
 * p (v), its value (gv: the line is overwritten while the stack is read) and the left
 * end of its interval (z, one more slot). */
KERNEL edt_envelope(GLOBAL real* d2, int nz, int ny, int nx, int axis, real w,
                    GLOBAL int* v, GLOBAL real* gv, GLOBAL real* z) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	int lines = nz * ny * nx / n;
	if (line >= lines) return;
	GLOBAL real* g = d2 + line_start(line, n, stride);
	if (w == 0) { /* a zero spacing: every pixel of the line is as near as the nearest */
		real m = real_inf();
		for (int q = 0; q < n; q++) m = fmin(m, g[q * stride]);
		for (int q = 0; q < n; q++) g[q * stride] = m;
		return;
	}
	int k = -1;
	for (int q = 0; q < n; q++) {
		real gq = g[q * stride];
		if (isinf(gq)) continue;
		/* The parabolas of p and q meet at (g[q]-g[p])/(2w(q-p)) + (q+p)/2, written so
		 * that no w*q^2 can overflow. */
		real x = 0;
		while (k >= 0) {
			int p = v[slot(k, lines, line)];
			x = (gq - gv[slot(k, lines, line)]) / w / (real)(2 * (q - p)) + (real)(q + p) / 2;
			if (x > z[slot(k, lines, line)]) break;
			k--;
		}
		if (k < 0) {
			k = 0;
			v[slot(0, lines, line)] = q;
			gv[slot(0, lines, line)] = gq;
			z[slot(0, lines, line)] = -real_inf();
			z[slot(1, lines, line)] = real_inf();
			continue;
		}
		k++;
		v[slot(k, lines, line)] = q;
		gv[slot(k, lines, line)] = gq;
		z[slot(k, lines, line)] = x;
		z[slot(k + 1, lines, line)] = real_inf();
	}
	if (k < 0) return; /* all +Inf already */
	int j = 0;
	for (int q = 0; q < n; q++) {
		while (z[slot(j + 1, lines, line)] < (real)q) j++;
		int p = v[slot(j, lines, line)];
		real out = gv[slot(j, lines, line)];
		real d = (real)(q - p);
		if (d != 0) out += w * d * d; /* w*0 would be NaN for an infinite w */
		g[q * stride] = out;
	}
}

/* edt_finish stores sqrt(d2) as float32; where the image has no zero (*found == 0) it
 * writes kernels/cpu's noBackgroundEDT instead: the distance to index (-1, 0[, 0]) with
 * spacings s0 (axis 0), s1 (the middle axis of a volume) and sx (X). */
KERNEL edt_finish(GLOBAL float* dst, int off, GLOBAL const real* d2, int nz, int ny, int nx, int rank,
                  real s0, real s1, real sx, GLOBAL const uint* found) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	if (*found != 0u) {
		dst[off + i] = (float)sqrt(d2[i]);
		return;
	}
	real base;
	if (rank == 3) {
		real a0 = (real)(z + 1) * s0;
		real dy = (real)y * s1;
		base = a0 * a0 + dy * dy;
	} else {
		real a0 = (real)(y + 1) * s0;
		base = a0 * a0;
	}
	real dx = (real)x * sx;
	dst[off + i] = (float)sqrt(base + dx * dx);
}

/* CDT_INF is kernels/cpu's cdtInf: no background seen. */
#define CDT_INF (1 << 30)

/* cdt_rows is kernels/cpu's rowSteps1D: the steps from each pixel of a row to the
 * nearest zero of the row, CDT_INF where there is none. */
KERNEL cdt_rows(GLOBAL int* d, GLOBAL const float* image, int off, int rows, int nx) {
	int r = GID(0);
	if (r >= rows) return;
	GLOBAL const float* row = image + off + r * nx;
	GLOBAL int* out = d + r * nx;
	int last = -CDT_INF;
	for (int i = 0; i < nx; i++) {
		if (row[i] == 0) last = i;
		out[i] = imin(i - last, CDT_INF);
	}
	int next = -1; /* none yet */
	for (int i = nx - 1; i >= 0; i--) {
		if (row[i] == 0) next = i;
		if (next >= 0) out[i] = imin(out[i], next - i);
	}
}

/* cdt_taxicab sets every line along axis to min over p of |q-p| + d[p]: a forward and
 * a backward sweep, as kernels/cpu's taxicabPass. */
KERNEL cdt_taxicab(GLOBAL int* d, int nz, int ny, int nx, int axis) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	if (line >= nz * ny * nx / n) return;
	GLOBAL int* l = d + line_start(line, n, stride);
	for (int i = 1; i < n; i++) l[i * stride] = imin(l[i * stride], l[(i - 1) * stride] + 1);
	for (int i = n - 2; i >= 0; i--) l[i * stride] = imin(l[i * stride], l[(i + 1) * stride] + 1);
}

/* cdt_chessboard sets every line along axis to min over p of max(|q-p|, d[p]): the
 * chessboard distance once the axis is added, since the distance to the nearest zero
 * is the minimum over the lines (planes) p of max(|q-p|, the distance within p). It is
 * the second phase of Meijster, Roerdink and Hesselink (2000) for the L-infinity
 * metric, in integers: the stack holds each candidate's index (s), its value (gs: the
 * line is overwritten while the stack is read) and where its interval starts (t). The
 * result is the exact integer distance, the same as kernels/cpu's chessboardPass. */
KERNEL cdt_chessboard(GLOBAL int* d, int nz, int ny, int nx, int axis,
                      GLOBAL int* s, GLOBAL int* gs, GLOBAL int* t) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	int lines = nz * ny * nx / n;
	if (line >= lines) return;
	GLOBAL int* g = d + line_start(line, n, stride);
	int q = 0;
	s[slot(0, lines, line)] = 0;
	gs[slot(0, lines, line)] = g[0];
	t[slot(0, lines, line)] = 0;
	for (int u = 1; u < n; u++) {
		int gu = g[u * stride];
		while (q >= 0) {
			int tq = t[slot(q, lines, line)];
			int sq = s[slot(q, lines, line)];
			/* f(x, i) = max(|x-i|, g(i)) */
			int fs = imax(iabs(tq - sq), gs[slot(q, lines, line)]);
			int fu = imax(iabs(tq - u), gu);
			if (fs <= fu) break;
			q--;
		}
		if (q < 0) {
			q = 0;
			s[slot(0, lines, line)] = u;
			gs[slot(0, lines, line)] = gu;
			continue;
		}
		/* Sep(i, u): where u's function starts to lie below i's. */
		int i = s[slot(q, lines, line)];
		int gi = gs[slot(q, lines, line)];
		int sep = gi <= gu ? imax(i + gu, (i + u) / 2) : imin(u - gi, (i + u) / 2);
		int w = 1 + sep;
		if (w < n) {
			q++;
			s[slot(q, lines, line)] = u;
			gs[slot(q, lines, line)] = gu;
			t[slot(q, lines, line)] = w;
		}
	}
	for (int u = n - 1; u >= 0; u--) {
		g[u * stride] = imax(iabs(u - s[slot(q, lines, line)]), gs[slot(q, lines, line)]);
		if (u == t[slot(q, lines, line)]) q--;
	}
}

/* cdt_finish stores the distances as float32, -1 where no background was seen. */
KERNEL cdt_finish(GLOBAL float* dst, int off, GLOBAL const int* d, int n) {
	int i = GID(0);
	if (i >= n) return;
	int v = d[i];
	dst[off + i] = v >= CDT_INF ? -1.0f : (float)v;
}

/* ft_init starts the feature transform: each labelled pixel is its own feature, the
 * others have none (-1). */
KERNEL ft_init(GLOBAL int* ft, GLOBAL const uint* labels, int off, int n) {
	int i = GID(0);
	if (i >= n) return;
	ft[i] = labels[off + i] != 0u ? i : -1;
}

/* feature_coord is coordinate k (0 = Z) of flat index f of a (nz, ny, nx) array. */
DEVICE long feature_coord(int f, int k, int ny, int nx) {
	if (k == 2) return f % nx;
	if (k == 1) return (f / nx) % ny;
	return f / (nx * ny);
}

/* dist2_off is the squared distance from feature f to the point c over the axes other
 * than d. */
DEVICE long dist2_off(int f, int d, long c0, long c1, long c2, int ny, int nx) {
	long s = 0;
	long t;
	if (d != 0) { t = feature_coord(f, 0, ny, nx) - c0; s += t * t; }
	if (d != 1) { t = feature_coord(f, 1, ny, nx) - c1; s += t * t; }
	if (d != 2) { t = feature_coord(f, 2, ny, nx) - c2; s += t * t; }
	return s;
}

/* ft_voronoi is scipy's _VoronoiFT (kernels/cpu's voronoiLine.run) on every line along
 * axis of the feature transform ft, in place: each pixel takes the nearest of the
 * line's features, scipy's int64 arithmetic and so its tie-breaking. The stack (g)
 * holds the features themselves, since the line is overwritten while it is read. */
KERNEL ft_voronoi(GLOBAL int* ft, int nz, int ny, int nx, int axis, GLOBAL int* g) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	int lines = nz * ny * nx / n;
	if (line >= lines) return;
	int off = line_start(line, n, stride);
	GLOBAL int* l = ft + off;
	long c0 = feature_coord(off, 0, ny, nx), c1 = feature_coord(off, 1, ny, nx), c2 = feature_coord(off, 2, ny, nx);
	int top = -1;
	for (int i = 0; i < n; i++) {
		int fi = l[i * stride];
		if (fi < 0) continue;
		long fd = feature_coord(fi, axis, ny, nx);
		long wR = dist2_off(fi, axis, c0, c1, c2, ny, nx);
		while (top >= 1) {
			int f1 = g[slot(top, lines, line)], f2 = g[slot(top - 1, lines, line)];
			long x1 = feature_coord(f1, axis, ny, nx);
			long a = x1 - feature_coord(f2, axis, ny, nx);
			long b = fd - x1;
			long cc = a + b;
			long uR = dist2_off(f2, axis, c0, c1, c2, ny, nx);
			long vR = dist2_off(f1, axis, c0, c1, c2, ny, nx);
			if (cc * vR - b * uR - a * wR - a * b * cc <= 0) break;
			top--;
		}
		top++;
		g[slot(top, lines, line)] = fi;
	}
	int maxl = top;
	if (maxl < 0) return;
	int k = 0;
	for (int i = 0; i < n; i++) {
		int f = g[slot(k, lines, line)];
		long t = feature_coord(f, axis, ny, nx) - i;
		long delta1 = dist2_off(f, axis, c0, c1, c2, ny, nx) + t * t;
		while (k < maxl) {
			int f2 = g[slot(k + 1, lines, line)];
			long t2 = feature_coord(f2, axis, ny, nx) - i;
			long delta2 = dist2_off(f2, axis, c0, c1, c2, ny, nx) + t2 * t2;
			if (delta1 <= delta2) break;
			delta1 = delta2;
			k++;
		}
		l[i * stride] = g[slot(k, lines, line)];
	}
}

/* expand_finish gives each pixel its nearest feature's label where that feature is
 * within distance (sqrt of the exact integer squared distance, compared in real as
 * kernels/cpu compares in float64), else 0. */
KERNEL expand_finish(GLOBAL uint* dst, int doff, GLOBAL const uint* labels, int loff, GLOBAL const int* ft,
                     int nz, int ny, int nx, real distance) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	int f = ft[i];
	if (f < 0) {
		dst[doff + i] = 0u;
		return;
	}
	long a = feature_coord(f, 0, ny, nx) - z;
	long b = feature_coord(f, 1, ny, nx) - y;
	long e = feature_coord(f, 2, ny, nx) - x;
	long d2 = a * a + b * b + e * e;
	dst[doff + i] = sqrt((real)d2) <= distance ? labels[loff + f] : 0u;
}
