/* Z projections: one work item per pixel of the plane, walking the slices in order. */

DEVICE float fold_max(float d, float s) { return (IS_NAN(d) || IS_NAN(s)) ? d + s : (s > d ? s : d); }
DEVICE float fold_min(float d, float s) { return (IS_NAN(d) || IS_NAN(s)) ? d + s : (s < d ? s : d); }

/* kind: 0 max, 1 min, 2 sum, 3 mean, 4 std (population, two passes), 5 argmax, 6 argmin.
 * Sums run in real. argmax/argmin give the first extreme z, or the first NaN's, as
 * numpy.argmax/argmin do. */
KERNEL z_projection(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                    int nz, int n, int kind) {
	int i = GID(0);
	if (i >= n) return;
	GLOBAL const float* s = src + soff + i;
	if (kind >= 5) {
		int best = 0;
		float b = s[0];
		if (!IS_NAN(b)) {
			for (int z = 1; z < nz; z++) {
				float v = s[(long)z * n];
				if (IS_NAN(v)) {
					best = z;
					break;
				}
				if (kind == 5 ? v > b : v < b) {
					b = v;
					best = z;
				}
			}
		}
		dst[doff + i] = (float)best;
		return;
	}
	if (kind <= 1) {
		/* Slices in batches of 8, loaded before they are folded (in order), so that
		 * eight loads per item are in flight instead of one. */
		float d = s[0];
		int z = 1;
		for (; z + 8 <= nz; z += 8) {
			float v[8];
			for (int k = 0; k < 8; k++) v[k] = s[(long)(z + k) * n];
			for (int k = 0; k < 8; k++) d = kind == 0 ? fold_max(d, v[k]) : fold_min(d, v[k]);
		}
		for (; z < nz; z++) d = kind == 0 ? fold_max(d, s[(long)z * n]) : fold_min(d, s[(long)z * n]);
		dst[doff + i] = d;
		return;
	}
	real sum = 0;
	for (int z = 0; z < nz; z++) sum += (real)s[(long)z * n];
	if (kind == 2) {
		dst[doff + i] = (float)sum;
		return;
	}
	real mean = sum / (real)nz;
	if (kind == 3) {
		dst[doff + i] = (float)mean;
		return;
	}
	real ss = 0;
	for (int z = 0; z < nz; z++) {
		real e = (real)s[(long)z * n] - mean;
		ss += e * e;
	}
	dst[doff + i] = (float)sqrt(ss / (real)nz);
}
