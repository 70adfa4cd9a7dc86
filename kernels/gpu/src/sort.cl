/* A bitonic sort of 32-bit values, one launch per compare-exchange step. */

/* bitonic_step is the step (sequence length k, distance j) of a bitonic sort of m (a
 * power of two) values into increasing order, compared as float32 (no NaNs) when
 * asf is set, else as uint. */
KERNEL bitonic_step(GLOBAL uint* a, int m, int k, int j, int asf) {
	int i = GID(0);
	if (i >= m) return;
	int l = i ^ j;
	if (l <= i) return;
	uint x = a[i], y = a[l];
	int greater = asf ? AS_FLOAT(x) > AS_FLOAT(y) : x > y;
	int less = asf ? AS_FLOAT(x) < AS_FLOAT(y) : x < y;
	int up = (i & k) == 0;
	if (up ? greater : less) {
		a[i] = y;
		a[l] = x;
	}
}
