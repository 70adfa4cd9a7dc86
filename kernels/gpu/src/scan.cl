/* Exclusive prefix sums of uint arrays, for the label kernels (see gpu.exclusiveScan):
 * scan_blocks scans each block of SCAN_BLOCK elements in one work group and leaves the
 * block totals; once those are scanned in turn, scan_add adds them back. */

#define SCAN_GROUP 256
#define SCAN_PER 4
#define SCAN_BLOCK (SCAN_GROUP * SCAN_PER)

/* scan_blocks replaces data[0..n) block by block with the exclusive prefix sums within
 * each block and writes block g's total to sums[g]. With roots set it scans the flags
 * "pixel i is a union-find root" (forest[foff + i] == i) instead of data's values, and
 * writes the sums to data. Work groups are SCAN_GROUP items;
 * each item sums SCAN_PER consecutive elements, the group scans those sums in LOCAL
 * memory (Hillis and Steele), and loads and stores go through LOCAL memory so that
 * neighbouring items touch neighbouring elements. */
KERNEL scan_blocks(GLOBAL uint* data, int n, GLOBAL uint* sums, GLOBAL const uint* forest, int foff, int roots) {
	LOCAL uint block[SCAN_BLOCK];
	LOCAL uint part[SCAN_GROUP];
	int lid = LID(0);
	int base = GROUP_ID(0) * SCAN_BLOCK;
	for (int k = 0; k < SCAN_PER; k++) {
		int i = base + k * SCAN_GROUP + lid;
		block[k * SCAN_GROUP + lid] = i >= n ? 0u : roots ? (forest[foff + i] == (uint)i ? 1u : 0u) : data[i];
	}
	BARRIER();
	uint own = 0u;
	for (int k = 0; k < SCAN_PER; k++) own += block[lid * SCAN_PER + k];
	part[lid] = own;
	BARRIER();
	for (int d = 1; d < SCAN_GROUP; d <<= 1) {
		uint t = lid >= d ? part[lid - d] : 0u;
		BARRIER();
		part[lid] += t;
		BARRIER();
	}
	uint run = part[lid] - own;
	for (int k = 0; k < SCAN_PER; k++) {
		uint v = block[lid * SCAN_PER + k];
		block[lid * SCAN_PER + k] = run;
		run += v;
	}
	BARRIER();
	for (int k = 0; k < SCAN_PER; k++) {
		int i = base + k * SCAN_GROUP + lid;
		if (i < n) data[i] = block[k * SCAN_GROUP + lid];
	}
	if (lid == SCAN_GROUP - 1) sums[GROUP_ID(0)] = part[lid];
}

/* scan_add adds the scanned block totals to the elements of their blocks. */
KERNEL scan_add(GLOBAL uint* data, int n, GLOBAL const uint* sums) {
	int i = GID(0);
	if (i >= n) return;
	data[i] += sums[i / SCAN_BLOCK];
}
