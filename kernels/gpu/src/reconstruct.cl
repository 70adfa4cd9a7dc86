/* Greyscale reconstruction and regional extrema (see gpu.Reconstruction, HMaxima and
 * LocalMaxima). */

/* first_nan leaves in *first the smallest index i < n where a or b holds a NaN (*first
 * starts at 0xFFFFFFFF). */
KERNEL first_nan(GLOBAL const float* a, int aoff, GLOBAL const float* b, int boff, int n, GLOBAL volatile uint* first) {
	int i = GID(0);
	if (i >= n) return;
	if (IS_NAN(a[aoff + i]) || IS_NAN(b[boff + i])) ATOMIC_MIN(first, (uint)i);
}

/* recon_init: the seed clipped to the mask, sign * min(sign * seed, sign * mask). sign is
 * 1 (dilation) or -1 (erosion, the dilation of the negated images); negation is exact. */
KERNEL recon_init(GLOBAL float* dst, int doff, GLOBAL const float* seed, int soff, GLOBAL const float* mask, int moff,
                  int n, float sign) {
	int i = GID(0);
	if (i >= n) return;
	float s = sign * seed[soff + i], m = sign * mask[moff + i];
	dst[doff + i] = sign * (s < m ? s : m);
}

/* recon_sweep: one work item per line along axis (0 Z, 1 Y, 2 X) walks it forward
 * (dir 1) or backward and raises each pixel, in the sign's order, to the largest of
 * itself and its neighbours at the noffs (dz, dy, dx) offsets, clipped to the mask.
 * Reading its own line's new values carries a value along the whole line in one sweep.
 * Neighbouring lines change concurrently, but every value read is one that pixel held
 * at some time, below the reconstruction and rising, so the sweeps only ever raise
 * pixels towards the reconstruction: a round of sweeps that changes nothing (no *changed
 * set) leaves its unique fixed point. Pixels past the edges take no part. */
KERNEL recon_sweep(GLOBAL float* dst, int doff, GLOBAL const float* mask, int moff, int nz, int ny, int nx, int axis,
                   int dir, GLOBAL const int* offs, int noffs, float sign, GLOBAL int* changed) {
	int line = GID(0);
	int n = axis_len(axis, nz, ny, nx);
	if (line >= nz * ny * nx / n) return;
	/* the line's first pixel: line counts the other two axes in C order */
	int z = 0, y = 0, x = 0;
	if (axis == 2) {
		z = line / ny;
		y = line % ny;
	} else if (axis == 1) {
		z = line / nx;
		x = line % nx;
	} else {
		y = line / nx;
		x = line % nx;
	}
	GLOBAL float* j = dst + doff;
	int any = 0;
	for (int k = 0; k < n; k++) {
		int t = dir > 0 ? k : n - 1 - k;
		int zz = axis == 0 ? t : z, yy = axis == 1 ? t : y, xx = axis == 2 ? t : x;
		int i = (zz * ny + yy) * nx + xx;
		float old = sign * j[i], v = old;
		for (int o = 0; o < noffs; o++) {
			int qz = zz + offs[3 * o], qy = yy + offs[3 * o + 1], qx = xx + offs[3 * o + 2];
			if (qz < 0 || qz >= nz || qy < 0 || qy >= ny || qx < 0 || qx >= nx) continue;
			float u = sign * j[(qz * ny + qy) * nx + qx];
			v = u > v ? u : v;
		}
		float m = sign * mask[moff + i];
		v = v < m ? v : m;
		if (v > old) {
			j[i] = sign * v;
			any = 1;
		}
	}
	if (any) *changed = 1;
}

/* h_shift: the seed of h_maxima, (v - h) - eps, or of h_minima, (v + h) + eps, with
 * eps = res * |v|, all in float32 as skimage computes them for a float32 image. */
KERNEL h_shift(GLOBAL float* dst, GLOBAL const float* src, int soff, int n, float h, float res, int minima) {
	int i = GID(0);
	if (i >= n) return;
	float v = src[soff + i];
	float eps = res * fabs(v);
	dst[i] = minima ? (v + h) + eps : (v - h) - eps;
}

/* h_select: 1 where the residue v - rec (rec - v for minima), in real, is at least h. */
KERNEL h_select(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, GLOBAL const float* rec, int n, real h,
                int minima) {
	int i = GID(0);
	if (i >= n) return;
	real r = (real)src[soff + i] - (real)rec[i];
	if (minima) r = -r;
	dst[doff + i] = r >= h ? 1.0f : 0.0f;
}

/* ext_frame: is (z, y, x) on the one-pixel frame of a pz x py x px grid (rank 2: the y
 * and x edges only)? */
DEVICE int ext_frame(int rank, int z, int y, int x, int pz, int py, int px) {
	return x == 0 || x == px - 1 || y == 0 || y == py - 1 || (rank == 3 && (z == 0 || z == pz - 1));
}

/* ext_load builds the grid that skimage's local_maxima works on: the image (1 - v in
 * float32 for minima) surrounded by pad pixels of lo on every axis it has, as values
 * with -0 made +0 so that equal values have equal bits (keys). Every grid pixel off the
 * frame that is not NaN starts the union-find forest as its own root; the others are
 * NONE. */
KERNEL ext_load(GLOBAL uint* keys, GLOBAL uint* forest, GLOBAL const float* src, int soff, int rank, int pz, int py,
                int px, int pad, int minima, float lo) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= px || y >= py || z >= pz) return;
	int oz = rank == 3 ? pad : 0;
	int nz = pz - 2 * oz, ny = py - 2 * pad, nx = px - 2 * pad;
	int iz = z - oz, iy = y - pad, ix = x - pad;
	float v = lo;
	if (iz >= 0 && iz < nz && iy >= 0 && iy < ny && ix >= 0 && ix < nx) {
		v = src[soff + (iz * ny + iy) * nx + ix];
		if (minima) v = 1.0f - v;
	}
	int g = (z * py + y) * px + x;
	keys[g] = v == 0.0f ? 0u : AS_UINT(v);
	forest[g] = ext_frame(rank, z, y, x, pz, py, px) || IS_NAN(v) ? NONE : (uint)g;
}

/* ext_candidates is skimage's _mark_candidates_in_last_dimension, one work item per row
 * off the frame: a run of equal pixels along x that rises from its left neighbour and
 * falls to its right one (runs end at the frame) is a candidate, and its plateau (the
 * root of its first pixel) gets state 1 unless it has 0 (rejected). */
KERNEL ext_candidates(GLOBAL volatile uint* state, GLOBAL const uint* keys, GLOBAL const uint* forest, int rank, int pz,
                      int py, int px) {
	int r = GID(0);
	if (r >= pz * py) return;
	int z = r / py, y = r % py;
	if (y == 0 || y == py - 1 || (rank == 3 && (z == 0 || z == pz - 1))) return;
	GLOBAL const uint* row = keys + r * px;
	int i = 1;
	while (i < px) {
		float h = AS_FLOAT(row[i]);
		if (AS_FLOAT(row[i - 1]) < h && i != px - 1) {
			int ahead = i + 1;
			while (AS_FLOAT(row[ahead]) == h && ahead != px - 1) ahead++;
			if (h > AS_FLOAT(row[ahead])) ATOMIC_MIN(&state[forest[r * px + i]], 1u);
			i = ahead;
		} else {
			i++;
		}
	}
}

/* ext_reject rejects (state 0) the plateau of every pixel with a strictly greater
 * neighbour or an equal neighbour on the frame, neighbours at the noffs (dz, dy, dx)
 * offsets; NaN compares neither way, as in skimage. */
KERNEL ext_reject(GLOBAL volatile uint* state, GLOBAL const uint* keys, GLOBAL const uint* forest, int rank, int pz,
                  int py, int px, GLOBAL const int* offs, int noffs) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= px || y >= py || z >= pz) return;
	int g = (z * py + y) * px + x;
	uint root = forest[g];
	if (root == NONE) return;
	float h = AS_FLOAT(keys[g]);
	for (int k = 0; k < noffs; k++) {
		/* a pixel off the frame has every neighbour inside the grid */
		int qz = z + offs[3 * k], qy = y + offs[3 * k + 1], qx = x + offs[3 * k + 2];
		float u = AS_FLOAT(keys[(qz * py + qy) * px + qx]);
		if (u > h || (u == h && ext_frame(rank, qz, qy, qx, pz, py, px))) {
			if (state[root] != 0u) ATOMIC_MIN(&state[root], 0u);
			return;
		}
	}
}

/* ext_store writes 1 for the image pixels whose plateau has state 1 (a candidate, never
 * rejected), else 0. */
KERNEL ext_store(GLOBAL float* dst, int doff, GLOBAL const uint* state, GLOBAL const uint* forest, int rank, int nz,
                 int ny, int nx, int pad) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int oz = rank == 3 ? pad : 0;
	int py = ny + 2 * pad, px = nx + 2 * pad;
	uint root = forest[((z + oz) * py + y + pad) * px + x + pad];
	dst[doff + (z * ny + y) * nx + x] = root != NONE && state[root] == 1u ? 1.0f : 0.0f;
}
