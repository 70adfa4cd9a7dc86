/* Thinning of 2D binary images by parallel subiterations: each removes, all at once, the
 * foreground pixels whose 8-neighbourhood a lookup table marks removable (kernels/cpu's
 * skeleton.go: skimage's thin and Zhang-Suen skeletonize). */

/* lut_thin_step is one subiteration on a 0/1 image of ny x nx: a foreground pixel is
 * removed where table[code] & mask is nonzero, code being the neighbours' bits 1 E, 2 NE,
 * 4 N, 8 NW, 16 W, 32 SW, 64 S, 128 SE (kernels/cpu's thinCode; past the edges is
 * background). Reads src, writes every pixel of dst, sets *changed when it removes one. */
KERNEL lut_thin_step(GLOBAL uint* dst, GLOBAL const uint* src, int ny, int nx,
                     GLOBAL const uint* table, int mask, GLOBAL int* changed) {
	int x = GID(0), y = GID(1);
	if (x >= nx || y >= ny) return;
	int i = y * nx + x;
	uint v = src[i];
	if (v != 0u) {
		uint code = 0u;
		int up = y > 0, down = y < ny - 1, left = x > 0, right = x < nx - 1;
		if (right) code |= src[i + 1];
		if (up && right) code |= src[i - nx + 1] << 1;
		if (up) code |= src[i - nx] << 2;
		if (up && left) code |= src[i - nx - 1] << 3;
		if (left) code |= src[i - 1] << 4;
		if (down && left) code |= src[i + nx - 1] << 5;
		if (down) code |= src[i + nx] << 6;
		if (down && right) code |= src[i + nx + 1] << 7;
		if ((table[code] & (uint)mask) != 0u) {
			v = 0u;
			*changed = 1;
		}
	}
	dst[i] = v;
}
