/* Binary regions as connected components (see gpu.BinaryPropagation, BinaryFillHoles,
 * RemoveSmallObjects and RemoveSmallHoles): a region's pixels start as their own roots,
 * label.cl's uf_merge and uf_compress join them and point every pixel at its component's
 * root, then per-root values (reached flags or pixel counts) decide each component.
 * NONE marks a pixel outside the region, as in label.cl. */

/* region_init: pixel i is in the region where (a[i] != 0 || (use_b && b[i] != 0)) differs
 * from invert (nonzero includes NaN); region pixels are their own roots. */
KERNEL region_init(GLOBAL uint* p, GLOBAL const float* a, int aoff, GLOBAL const float* b, int boff, int use_b,
                   int invert, int n) {
	int i = GID(0);
	if (i >= n) return;
	int in = a[aoff + i] != 0.0f || (use_b && b[boff + i] != 0.0f);
	p[i] = in != invert ? (uint)i : NONE;
}

/* region_reach flags the root of every region pixel that is a seed (use_seed and
 * seed != 0) or, with faces, lies on a face of the image (rank 2: the y and x edges). */
KERNEL region_reach(GLOBAL uint* flags, GLOBAL const uint* p, GLOBAL const float* seed, int soff, int use_seed,
                    int faces, int rank, int nz, int ny, int nx) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	uint r = p[i];
	if (r == NONE) return;
	int face = x == 0 || x == nx - 1 || y == 0 || y == ny - 1 || (rank == 3 && (z == 0 || z == nz - 1));
	if ((use_seed && seed[soff + i] != 0.0f) || (faces && face)) flags[r] = 1u; /* plain stores: any order */
}

/* region_count counts the pixels of each component at its root. */
KERNEL region_count(GLOBAL uint* counts, GLOBAL const uint* p, int n) {
	int i = GID(0);
	if (i >= n) return;
	uint r = p[i];
	if (r != NONE) ATOMIC_INC(&counts[r]);
}

/* region_store writes 1 where (the pixel is in a component whose root value is at least
 * t) differs from invert, else 0, as float32. t is a uint's bits. */
KERNEL region_store(GLOBAL float* dst, int doff, GLOBAL const uint* p, GLOBAL const uint* vals, int t, int invert,
                    int n) {
	int i = GID(0);
	if (i >= n) return;
	uint r = p[i];
	int keep = r != NONE && vals[r] >= (uint)t;
	dst[doff + i] = keep != invert ? 1.0f : 0.0f;
}
