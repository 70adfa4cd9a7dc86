/* Connected components by union-find (Playne and Hawick 2018, "A new algorithm for
 * parallel connected-component labelling on GPUs"): every foreground pixel starts as its
 * own root, each pixel joins its backward neighbours, linking the larger root under the
 * smaller with an atomic minimum, and a last pass points every pixel at its root. A
 * root is therefore always the smallest linear index of its component, its first pixel
 * in raster order. Indices are relative to the view (p = base + poff); NONE marks a
 * background pixel. */

/* uf_find follows parents to the root. Reads are volatile: other work items relink
 * roots concurrently, and a stale parent only costs another round in uf_union. */
DEVICE uint uf_find(GLOBAL volatile uint* p, uint i) {
	uint q = p[i];
	while (q != i) {
		i = q;
		q = p[i];
	}
	return i;
}

/* uf_union joins the sets of a and b: the larger root is linked under the smaller with
 * an atomic minimum. If that root got another parent meanwhile, the minimum returns it,
 * and the join goes on with it, so no link is lost. */
DEVICE void uf_union(GLOBAL volatile uint* p, uint a, uint b) {
	for (;;) {
		a = uf_find(p, a);
		b = uf_find(p, b);
		if (a == b) return;
		if (a > b) {
			uint t = a;
			a = b;
			b = t;
		}
		uint old = ATOMIC_MIN(&p[b], a);
		if (old == b) return;
		b = old;
	}
}

/* uf_init_image: a nonzero pixel (NaN included) of the float image is its own root. */
KERNEL uf_init_image(GLOBAL uint* p, int poff, GLOBAL const float* src, int soff, int n) {
	int i = GID(0);
	if (i >= n) return;
	p[poff + i] = src[soff + i] != 0.0f ? (uint)i : NONE;
}

/* uf_init_labels: a nonzero label is its own root. */
KERNEL uf_init_labels(GLOBAL uint* p, int poff, GLOBAL const uint* labels, int loff, int n) {
	int i = GID(0);
	if (i >= n) return;
	p[poff + i] = labels[loff + i] != 0u ? (uint)i : NONE;
}

/* uf_merge joins each foreground pixel with its foreground neighbours at the noffs
 * (dz, dy, dx) offsets (the backward half of the structure: the other half joins from
 * the other side); with same_label set only neighbours of equal label join. */
KERNEL uf_merge(GLOBAL volatile uint* base, int poff, GLOBAL const uint* labels, int loff, int same_label,
                int nz, int ny, int nx, GLOBAL const int* offs, int noffs) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	GLOBAL volatile uint* p = base + poff;
	int i = (z * ny + y) * nx + x;
	if (p[i] == NONE) return;
	for (int k = 0; k < noffs; k++) {
		int zz = z + offs[3 * k], yy = y + offs[3 * k + 1], xx = x + offs[3 * k + 2];
		if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
		int j = (zz * ny + yy) * nx + xx;
		if (p[j] == NONE) continue; /* background never changes */
		if (same_label && labels[loff + i] != labels[loff + j]) continue;
		uf_union(p, (uint)i, (uint)j);
	}
}

/* uf_compress points every foreground pixel straight at its root. */
KERNEL uf_compress(GLOBAL volatile uint* base, int poff, int n) {
	int i = GID(0);
	if (i >= n) return;
	GLOBAL volatile uint* p = base + poff;
	if (p[i] != NONE) p[i] = uf_find(p, (uint)i);
}

/* root_flags sets flags[i] to 1 where pixel i is a root, else 0, for i in [0, n]: the
 * extra 0 at n makes the exclusive scan's element n the number of roots. */
KERNEL root_flags(GLOBAL uint* flags, GLOBAL const uint* p, int poff, int n) {
	int i = GID(0);
	if (i > n) return;
	flags[i] = i < n && p[poff + i] == (uint)i ? 1u : 0u;
}

/* label_roots turns compressed parents into labels in place: background 0, else the
 * number of roots before the pixel's root plus one (ranks is the scanned root_flags). */
KERNEL label_roots(GLOBAL uint* p, int poff, GLOBAL const uint* ranks, int n) {
	int i = GID(0);
	if (i >= n) return;
	uint q = p[poff + i];
	p[poff + i] = q == NONE ? 0u : ranks[q] + 1u;
}
