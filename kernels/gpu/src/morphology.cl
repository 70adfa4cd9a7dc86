/* Rank filters and morphology with kernels/cpu's exact semantics (scipy's, NaN included). */

/* nan_or_negzero sets *flag when src holds a NaN or a -0: the values on which min/max
 * algorithms may disagree, so that the host picks the order-exact pass. */
KERNEL nan_or_negzero(GLOBAL const float* src, int off, int n, GLOBAL int* flag) {
	int i = GID(0);
	if (i >= n) return;
	float v = src[off + i];
	if (IS_NAN(v) || (v == 0.0f && (AS_UINT(v) >> 31) != 0u)) *flag = 1;
}

/* minmax_axis: the min (max) along axis over [i-before, i-before+size-1], the line
 * extended by mode (cval already rounded to float32). Valid when no NaN or -0 is
 * involved, where every order of comparisons picks the same value. */
KERNEL minmax_axis(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                   int nz, int ny, int nx, int axis, int size, int before, int minimum,
                   int mode, float cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int stride = axis_stride(axis, ny, nx);
	int n = axis_len(axis, nz, ny, nx);
	int i = axis_pos(axis, z, y, x);
	int idx = (z * ny + y) * nx + x;
	int base = soff + idx - i * stride;
	int j0 = i - before;
	float m;
	if (j0 >= 0 && j0 + size <= n) { /* inside: no boundary handling */
		GLOBAL const float* p = src + base + j0 * stride;
		m = p[0];
		if (minimum) {
			for (int k = 1; k < size; k++) m = fmin(m, p[k * stride]);
		} else {
			for (int k = 1; k < size; k++) m = fmax(m, p[k * stride]);
		}
	} else {
		m = 0.0f;
		for (int k = 0; k < size; k++) {
			int j = map_index(j0 + k, n, mode);
			float v = j < 0 ? cval : src[base + j * stride];
			if (k == 0 || (minimum ? v < m : v > m)) m = v;
		}
	}
	dst[doff + idx] = m;
}

/* minmax_axis_exact filters whole lines, one work item per line, with scipy's
 * NI_MinOrMaxFilter1D (an ascending-minima ring) step for step, as kernels/cpu's
 * slidingMin: values are sign*v in real (a maximum is a minimum of negated values), so
 * NaNs come out exactly as in scipy. ring and death hold capacity entries per line
 * (capacity: a power of two >= size). */
KERNEL minmax_axis_exact(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                         int nz, int ny, int nx, int axis, int size, int before, int minimum,
                         int mode, real cval, GLOBAL real* ring, GLOBAL int* death, int capacity) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	int stride = axis_stride(axis, ny, nx);
	int lines = nz * ny * nx / n;
	if (line >= lines) return;
	int start = (line / stride) * n * stride + line % stride; /* element 0 of the line */
	GLOBAL real* r = ring + (long)line * capacity;
	GLOBAL int* d = death + (long)line * capacity;
	real sign = minimum ? 1 : -1;
	int mask = capacity - 1;
	int width = n + size - 1;
	int head = 0, last = 0;
	int j0 = map_index(-before, n, mode);
	r[0] = sign * (j0 < 0 ? cval : (real)src[soff + start + j0 * stride]);
	d[0] = size;
	for (int ll = 1; ll < width; ll++) {
		int j = map_index(ll - before, n, mode);
		real val = sign * (j < 0 ? cval : (real)src[soff + start + j * stride]);
		if (d[head] == ll) head = (head + 1) & mask;
		if (val <= r[head]) {
			r[head] = val;
			d[head] = ll + size;
			last = head;
		} else {
			while (r[last] >= val) last = (last - 1) & mask;
			last = (last + 1) & mask;
			r[last] = val;
			d[last] = ll + size;
		}
		if (ll >= size - 1) dst[doff + start + (ll - size + 1) * stride] = (float)(sign * r[head]);
	}
}

/* footprint_minmax: scipy's NI_MinOrMaxFilter over a flat footprint given as noffs
 * (dz, dy, dx) offsets in C order: start from the first value, replace it by a strictly
 * smaller (larger) one; past the edges the image is extended by mode, cval rounded to
 * float32. */
KERNEL footprint_minmax(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                        int nz, int ny, int nx, GLOBAL const int* offs, int noffs, int minimum,
                        int mode, float cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	float m = 0.0f;
	for (int k = 0; k < noffs; k++) {
		int zz = map_index(z + offs[3 * k], nz, mode);
		int yy = map_index(y + offs[3 * k + 1], ny, mode);
		int xx = map_index(x + offs[3 * k + 2], nx, mode);
		float v = (zz < 0 || yy < 0 || xx < 0) ? cval : src[soff + (zz * ny + yy) * nx + xx];
		if (k == 0 || (minimum ? v < m : v > m)) m = v;
	}
	dst[doff + (z * ny + y) * nx + x] = m;
}

/* binary_load: 1 for foreground (nonzero, NaN included), else 0. */
KERNEL binary_load(GLOBAL uint* dst, GLOBAL const float* src, int soff, int n) {
	int i = GID(0);
	if (i >= n) return;
	dst[i] = (AS_UINT(src[soff + i]) & 0x7fffffffu) != 0u ? 1u : 0u;
}

/* binary_step: one synchronous erosion (AND over the element) or dilation (OR) with the
 * element's (dz, dy, dx) offsets; pixels past the edges count as border. Sets *changed
 * when a pixel flips. */
KERNEL binary_step(GLOBAL uint* dst, GLOBAL const uint* src, int nz, int ny, int nx,
                   GLOBAL const int* offs, int noffs, int dilate, int border, GLOBAL int* changed) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	uint v = src[i];
	for (int k = 0; k < noffs; k++) {
		int zz = z + offs[3 * k], yy = y + offs[3 * k + 1], xx = x + offs[3 * k + 2];
		uint t = (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) ? (uint)border : src[(zz * ny + yy) * nx + xx];
		v = dilate ? (v | t) : (v & t);
	}
	dst[i] = v;
	if (v != src[i]) *changed = 1;
}

/* binary_store writes 0/1 as float32. */
KERNEL binary_store(GLOBAL float* dst, int doff, GLOBAL const uint* src, int n) {
	int i = GID(0);
	if (i >= n) return;
	dst[doff + i] = src[i] != 0u ? 1.0f : 0.0f;
}
