/* Connected components by union-find (Playne and Hawick 2018, "A new algorithm for
 * parallel connected-component labelling on GPUs"): every foreground pixel starts as its
 * own root, each pixel joins its backward neighbours, linking the larger root under the
 * smaller with an atomic minimum, and a last pass points every pixel at its root. A
 * root is therefore always the smallest linear index of its component, its first pixel
 * in raster order. Indices are relative to the view (p = base + poff); NONE marks a
 * background pixel. */

/* uf_find follows parents to the root, halving the path on the way: each visited
 * pixel is pointed at its grandparent, an ancestor still, since links only ever point to
 * smaller indices and a pixel never becomes a root again. Reads are volatile: other work
 * items relink roots concurrently, and a stale parent only costs another round in
 * uf_union. A halving write that overwrites a concurrent atomic link loses nothing:
 * uf_union goes on joining from the value the atomic returned. */
DEVICE uint uf_find(GLOBAL volatile uint* p, uint i) {
	for (;;) {
		uint q = p[i];
		if (q == i) return i;
		uint r = p[q];
		if (r == q) return q;
		p[i] = r;
		i = r;
	}
}

/* uf_root follows parents to the root without writing: for uf_compress, whose own
 * writes (each pixel's root) a halving find elsewhere could overwrite with a stale
 * grandparent. */
DEVICE uint uf_root(GLOBAL volatile uint* p, uint i) {
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

/* UF_LOOK is how far back along X uf_init_image links a pixel. */
#define UF_LOOK 8

/* uf_init_image: a nonzero pixel (NaN included) of the float image points at the
 * farthest pixel of the unbroken nonzero run to its left within UF_LOOK pixels on its
 * row, or at itself: the joins along X are made here, and a run's pixels reach its
 * first one in a few hops. uf_merge then runs without the offset (0, 0, -1). */
KERNEL uf_init_image(GLOBAL uint* p, int poff, GLOBAL const float* src, int soff, int n, int nx) {
	int i = GID(0);
	if (i >= n) return;
	if (src[soff + i] == 0.0f) {
		p[poff + i] = NONE;
		return;
	}
	int x = i % nx, k = 0;
	while (k < UF_LOOK && k < x && src[soff + i - k - 1] != 0.0f) k++;
	p[poff + i] = (uint)(i - k);
}

/* uf_init_labels: a nonzero label is its own root. */
KERNEL uf_init_labels(GLOBAL uint* p, int poff, GLOBAL const uint* labels, int loff, int n) {
	int i = GID(0);
	if (i >= n) return;
	p[poff + i] = labels[loff + i] != 0u ? (uint)i : NONE;
}

/* uf_merge joins each foreground pixel with its foreground neighbours at the noffs
 * (dz, dy, dx) offsets (the backward half of the structure: the other half joins from
 * the other side); with same_label set only neighbours of equal label join. A join
 * with neighbour j = i + o (o other than (0, 0, -1)) is skipped when the pixels left of
 * i and of j are in the same components as i and as j: the join of those two, by the
 * same offset, connects them, or is itself skipped for the pair further left, and so
 * on to the first pair of the runs, which joins. That needs the joins along X: xjoin
 * says the structure makes them (by the offset (0, 0, -1), or uf_init_image made them
 * and the host left the offset out). In the interior of objects only the joins along X
 * are left. */
KERNEL uf_merge(GLOBAL volatile uint* base, int poff, GLOBAL const uint* labels, int loff, int same_label,
                int xjoin, int nz, int ny, int nx, GLOBAL const int* offs, int noffs) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	GLOBAL volatile uint* p = base + poff;
	int i = (z * ny + y) * nx + x;
	if (p[i] == NONE) return;
	int left = xjoin && x > 0 && p[i - 1] != NONE && (!same_label || labels[loff + i - 1] == labels[loff + i]);
	for (int k = 0; k < noffs; k++) {
		int dz = offs[3 * k], dy = offs[3 * k + 1], dx = offs[3 * k + 2];
		int zz = z + dz, yy = y + dy, xx = x + dx;
		if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) continue;
		int j = (zz * ny + yy) * nx + xx;
		if (p[j] == NONE) continue; /* background never changes */
		if (same_label && labels[loff + i] != labels[loff + j]) continue;
		if (left && (dz != 0 || dy != 0 || dx != -1) && xx > 0 && p[j - 1] != NONE &&
		    (!same_label || labels[loff + j - 1] == labels[loff + j])) continue;
		uf_union(p, (uint)i, (uint)j);
	}
}

/* uf_compress points every foreground pixel straight at its root. */
KERNEL uf_compress(GLOBAL volatile uint* base, int poff, int n) {
	int i = GID(0);
	if (i >= n) return;
	GLOBAL volatile uint* p = base + poff;
	if (p[i] != NONE) p[i] = uf_root(p, (uint)i);
}

/* label_roots turns compressed parents into labels in place: background 0, else the
 * number of roots before the pixel's root plus one. ranks holds, for each root, the
 * roots before it within its block of `block` pixels, and sums the roots before each
 * block (scan_blocks in root mode, then the scanned block totals). */
KERNEL label_roots(GLOBAL uint* p, int poff, GLOBAL const uint* ranks, GLOBAL const uint* sums, int block, int n) {
	int i = GID(0);
	if (i >= n) return;
	uint q = p[poff + i];
	p[poff + i] = q == NONE ? 0u : ranks[q] + sums[q / (uint)block] + 1u;
}
