/* Linear filters of a Z x Y x X array (a plane has Z = 1): passes along one axis and nD
 * correlations, one work item per output element launched over (X, Y, Z) unless stated.
 * Sums run in real in the order kernels/cpu runs them, and each pass is rounded to
 * float32, as scipy stores it. */

/* src_at reads the element at position j of the line through (z, y, x) along axis,
 * extended by mode; constant mode reads cval. */
DEVICE real src_at(GLOBAL const float* src, int base, int stride, int j, int n, int mode, real cval) {
	int k = map_index(j, n, mode);
	return k < 0 ? cval : (real)src[base + k * stride];
}

/* correlate_axis: out[i] = scale * sum_k w[k] * in[i - before + k], k = 0..nw-1. */
KERNEL correlate_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                      int nz, int ny, int nx, int axis,
                      GLOBAL const real* w, int nw, int before, real scale, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	real acc = 0;
	int j0 = i - before;
	if (j0 >= 0 && j0 + nw <= n) { /* inside: no boundary handling, the same sums */
		GLOBAL const float* p = src + base + j0 * stride;
		for (int k = 0; k < nw; k++) acc += w[k] * (real)p[k * stride];
	} else {
		for (int k = 0; k < nw; k++) acc += w[k] * src_at(src, base, stride, j0 + k, n, mode, cval);
	}
	dst[doff + idx] = (float)(acc * scale);
}

/* correlate_taps: the nD correlation out = 0 + sum over t of w[t] * in[(z, y, x) +
 * offs[t]], the terms added in t order, each offset (dz, dy, dx) mapped by mode axis by
 * axis (constant mode reads cval where a position is outside on any axis): kernels/cpu's
 * Correlate, Convolve and 2D edge filters, whose taps the Go side passes in their order. */
KERNEL correlate_taps(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                      int nz, int ny, int nx, GLOBAL const int* offs, GLOBAL const real* w,
                      int ntaps, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	real acc = 0;
	for (int t = 0; t < ntaps; t++) {
		int k = map_index(z + offs[3 * t], nz, mode);
		int j = map_index(y + offs[3 * t + 1], ny, mode);
		int i = map_index(x + offs[3 * t + 2], nx, mode);
		real v = (k < 0 || j < 0 || i < 0) ? cval : (real)src[soff + (k * ny + j) * nx + i];
		acc += w[t] * v;
	}
	dst[doff + (z * ny + y) * nx + x] = (float)acc;
}

/* correlate1d_axis: scipy's NI_Correlate1D along axis, out[i] = sum over k of
 * w[k] * in[i - before + k] for nw weights. fold = 1 (-1), for odd symmetric
 * (antisymmetric) weights centred on nw/2, starts from the centre term and adds the
 * pairs (in[i-j] + in[i+j]) * w[c-j] ((in[i-j] - in[i+j]) * w[c-j]) from j = c down to 1;
 * fold = 0 starts from the last term and adds the others in order. */
KERNEL correlate1d_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                        int nz, int ny, int nx, int axis, GLOBAL const real* w, int nw,
                        int before, int fold, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	real acc;
	if (fold != 0) {
		int c = nw / 2;
		acc = (real)src[soff + idx] * w[c];
		for (int j = c; j >= 1; j--) {
			real l = src_at(src, base, stride, i - j, n, mode, cval);
			real r = src_at(src, base, stride, i + j, n, mode, cval);
			acc += (fold > 0 ? l + r : l - r) * w[c - j];
		}
	} else {
		int j0 = i - before;
		acc = src_at(src, base, stride, j0 + nw - 1, n, mode, cval) * w[nw - 1];
		for (int k = 0; k < nw - 1; k++) acc += src_at(src, base, stride, j0 + k, n, mode, cval) * w[k];
	}
	dst[doff + idx] = (float)acc;
}

/* derivative3_axis: scipy's NI_Correlate1D for 3-tap (anti)symmetric weights.
 * centre < 0 selects the difference [-1, 0, 1]: l*0 + (l - r)*-1 (0*NaN keeps NaN);
 * otherwise the smoothing [1, centre, 1]: c*centre + (l + r). */
KERNEL derivative3_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                        int nz, int ny, int nx, int axis, real centre, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	real l = src_at(src, base, stride, i - 1, n, mode, cval);
	real c = (real)src[soff + idx];
	real r = src_at(src, base, stride, i + 1, n, mode, cval);
	real out;
	if (centre < 0) {
		out = c * 0 + (l - r) * -1;
	} else {
		out = c * centre + (l + r);
	}
	dst[doff + idx] = (float)out;
}

/* laplace: the second differences [1, -2, 1] of every axis, each rounded to float32 and
 * added in float32 in axis order (Z, Y, X), as kernels/cpu's Laplace. */
KERNEL laplace(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
               int nz, int ny, int nx, int three_d, int mode, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int idx = (z * ny + y) * nx + x;
	real c = (real)src[soff + idx];
	int by = soff + idx - y * nx;
	float d = (float)(c * -2 + (src_at(src, by, nx, y - 1, ny, mode, cval) + src_at(src, by, nx, y + 1, ny, mode, cval)));
	if (three_d) {
		int bz = soff + idx - z * nx * ny;
		d = (float)(c * -2 + (src_at(src, bz, nx * ny, z - 1, nz, mode, cval) + src_at(src, bz, nx * ny, z + 1, nz, mode, cval))) + d;
	}
	int bx = soff + idx - x;
	dst[doff + idx] = d + (float)(c * -2 + (src_at(src, bx, 1, x - 1, nx, mode, cval) + src_at(src, bx, 1, x + 1, nx, mode, cval)));
}

/* nonfinite_first: first[line] = the first position, counted from the start of the
 * extended line (position p of the line is p + before), whose value is NaN or infinite,
 * over the line and the before values the mode puts ahead of it; first starts at
 * 0xffffffff. One work item per element of a plane, walking the slices; only
 * non-finite values touch first, and they set any[0]. With check set the pass returns
 * at once while any[0] is 0: the later axes of a filter whose first pass found nothing
 * non-finite read only the finite averages of finite values (and with one item per
 * plane element rather than per element, the launch that returns at once is short). */
KERNEL nonfinite_first(GLOBAL uint* first, GLOBAL uint* any, int check, GLOBAL const float* src, int soff,
                       int nz, int ny, int nx, int axis, int before, int mode, real cval) {
	int x = GID(0), y = GID(1);
	if (x >= nx || y >= ny || (check && any[0] == 0u)) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	for (int z = 0; z < nz; z++) {
		int i = axis_pos(axis, z, y, x);
		int idx = (z * ny + y) * nx + x;
		int base = soff + idx - i * stride;
		int line = axis_line(axis, z, y, x, ny, nx);
		real v = (real)src[soff + idx];
		if (IS_NAN(v - v)) {
			ATOMIC_MIN(&first[line], (uint)(i + before));
			any[0] = 1u;
		}
		for (int q = i; q < before; q += n) { /* the extension ahead of the line */
			real e = src_at(src, base, stride, q - before, n, mode, cval);
			if (IS_NAN(e - e)) {
				ATOMIC_MIN(&first[line], (uint)q);
				any[0] = 1u;
			}
		}
	}
}

/* uniform_axis: the mean of the size values of the extended line from i - before, as
 * kernels/cpu's UniformFilter. That runs scipy's running sum, acc += in[i+size] - in[i],
 * whose only visible difference from summing each window afresh is that a NaN or
 * infinity, once it has left the window, leaves NaN behind for the rest of the line:
 * first (nonfinite_first) says where that happens. Each work item sums its window and
 * runs on for seg outputs; the launch is the array's shape with the axis divided by seg.
 * With divide set, out[i] = acc / size instead of acc * inv, as scipy's NI_UniformFilter1D
 * (kernels/cpu's UniformFilter1D) computes it. */
KERNEL uniform_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                    int nz, int ny, int nx, int axis, int size, int before, real inv, int divide,
                    int mode, real cval, GLOBAL const uint* first, int seg) {
	int x = GID(0), y = GID(1), z = GID(2);
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i0 = axis_pos(axis, z, y, x) * seg;
	if (axis == 2) x = i0; else if (axis == 1) y = i0; else z = i0;
	if (x >= nx || y >= ny || z >= nz) return;
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i0 * stride;
	int out = doff + idx - i0 * stride;
	uint f = first[axis_line(axis, z, y, x, ny, nx)];
	real acc = 0;
	int j0 = i0 - before;
	if (j0 >= 0 && j0 + size <= n) {
		GLOBAL const float* p = src + base + j0 * stride;
		for (int k = 0; k < size; k++) acc += (real)p[k * stride];
	} else {
		for (int k = 0; k < size; k++) acc += src_at(src, base, stride, j0 + k, n, mode, cval);
	}
	int end = imin(i0 + seg, n);
	for (int i = i0; i < end; i++) {
		real v = divide ? acc / size : acc * inv;
		if (f < (uint)i) v = (real)AS_FLOAT(0x7fc00000u); /* a non-finite value has left the window */
		dst[out + i * stride] = (float)v;
		if (i + 1 < end) {
			acc += src_at(src, base, stride, i + size - before, n, mode, cval) - src_at(src, base, stride, i - before, n, mode, cval);
		}
	}
}
