/* threshold_otsu's device steps: the range, the histogram, the comparison. The threshold
 * itself is chosen on the host from the histogram (see gpu.ThresholdOtsu). */

/* range_partial: work item g reduces elements g, g+G, ... to (min, max, state) at
 * part[3g .. 3g+2], G the number of work items, min and max over the values that are
 * not NaN; state is 1 if it saw a NaN, plus 2 if it saw no other value. */
KERNEL range_partial(GLOBAL const float* src, int off, int n, GLOBAL float* part, int items) {
	int g = GID(0);
	if (g >= items) return;
	float lo = 0.0f, hi = 0.0f, nan = 0.0f;
	int first = 1;
	for (int i = g; i < n; i += items) {
		float v = src[off + i];
		if (IS_NAN(v)) {
			nan = 1.0f;
			continue;
		}
		if (first || v < lo) lo = v;
		if (first || v > hi) hi = v;
		first = 0;
	}
	part[3 * g] = lo;
	part[3 * g + 1] = hi;
	part[3 * g + 2] = nan + (first ? 2.0f : 0.0f);
}

/* histogram: numpy's equal-width bin index in float32, corrected by one against the
 * float32 edges; the last bin includes the last edge (kernels/cpu's histogramCounts). */
KERNEL histogram(GLOBAL const float* src, int off, int n, GLOBAL const float* edges, int nbins,
                 float first, float norm, GLOBAL uint* counts) {
	int i = GID(0);
	if (i >= n) return;
	float v = src[off + i];
	if (IS_NAN(v)) return; /* the host refuses such images; never index with one */
	float t = v - first;
	int k = (int)(t * norm);
	if (k >= nbins) k = nbins - 1;
	if (k < 0) k = 0;
	if (v < edges[k]) k--;
	if (k != nbins - 1 && v >= edges[k + 1]) k++;
	ATOMIC_INC(&counts[k]);
}

/* histogram_local is histogram for nbins <= HIST_LOCAL_BINS: each work group of
 * HIST_GROUP items counts a stride of the image into LOCAL memory, then adds its nonzero
 * bins to the global counts, so that global atomics are few. */
#define HIST_LOCAL_BINS 4096
#define HIST_GROUP 256
KERNEL histogram_local(GLOBAL const float* src, int off, int n, GLOBAL const float* edges, int nbins,
                       float first, float norm, GLOBAL uint* counts) {
	LOCAL uint hist[HIST_LOCAL_BINS];
	int lid = LID(0);
	for (int b = lid; b < nbins; b += HIST_GROUP) hist[b] = 0u;
	BARRIER();
	int stride = HIST_GROUP * NUM_GROUPS(0);
	for (int i = GROUP_ID(0) * HIST_GROUP + lid; i < n; i += stride) {
		float v = src[off + i];
		if (IS_NAN(v)) continue;
		int k = (int)((v - first) * norm);
		if (k >= nbins) k = nbins - 1;
		if (k < 0) k = 0;
		if (v < edges[k]) k--;
		if (k != nbins - 1 && v >= edges[k + 1]) k++;
		ATOMIC_INC(&hist[k]);
	}
	BARRIER();
	for (int b = lid; b < nbins; b += HIST_GROUP) {
		if (hist[b] != 0u) ATOMIC_ADD(&counts[b], hist[b]);
	}
}

KERNEL threshold_above(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff, int n, float t) {
	int i = GID(0);
	if (i >= n) return;
	dst[doff + i] = src[soff + i] > t ? 1.0f : 0.0f;
}
