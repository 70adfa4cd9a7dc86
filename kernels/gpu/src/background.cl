/* The rolling ball of kernels/cpu/background.go (skimage.restoration.rolling_ball). */

/* rolling_ball: for every pixel, the minimum over the ball offsets k (|k| <= radius, in
 * real) that stay inside the image of float32(f[x+k] + d(k)), with f the image and
 * d(k) = h0 - float32(sqrt(max(radius² - |k|², 0))) in float32. A NaN term never wins, so
 * NaN pixels count as +Inf, and a pixel whose whole ball is NaN gets +Inf. A minimum of
 * correctly rounded float32 sums does not depend on their order, so this is the CPU's
 * value exactly. d comes from tab, indexed by |k|² (+Inf off the ball), for |k|² < len,
 * and is computed here beyond it. subtract stores image - background instead. Launched
 * over (X, Y, Z); rz is the ball's reach along Z (0 for a plane), big = ceil(radius). */
KERNEL rolling_ball(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int nz, int ny, int nx,
                    int rz, int big, GLOBAL const float* tab, int len, real radius, float h0, int subtract) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	int i = (z * ny + y) * nx + x;
	float c = src[soff + i];
	float m = IS_NAN(c) ? AS_FLOAT(0x7f800000u) : c;
	real r2 = radius * radius;
	for (int kz = imax(-rz, -z); kz <= imin(rz, nz - 1 - z); kz++) {
		for (int ky = imax(-big, -y); ky <= imin(big, ny - 1 - y); ky++) {
			real q = (real)kz * (real)kz + (real)ky * (real)ky;
			if (sqrt(q) > radius) continue;
			GLOBAL const float* row = src + soff + ((z + kz) * ny + (y + ky)) * nx + x;
			for (int kx = imax(-big, -x); kx <= imin(big, nx - 1 - x); kx++) {
				real ss = q + (real)kx * (real)kx;
				float d;
				if (ss < (real)len) {
					d = tab[(int)ss];
				} else {
					if (sqrt(ss) > radius) continue;
					d = h0 - (float)sqrt(fmax(r2 - ss, (real)0));
				}
				float t = row[kx] + d;
				if (t < m) m = t;
			}
		}
	}
	dst[doff + i] = subtract ? c - m : m;
}
