/* fft_convolve's lines. kernels/cpu convolves each line by FFT, so a NaN or infinity
 * anywhere on a line spreads to the whole line of that pass's result; the GPU sums the
 * convolution directly (symmetric_real_axis) and then applies that rule. */

/* line_nonfinite sets flag[line] for every line along axis that holds a NaN or an
 * infinity. One work item per element; flag starts at 0. */
KERNEL line_nonfinite(GLOBAL uint* flag, GLOBAL const real* src, int nz, int ny, int nx, int axis) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	real v = src[(z * ny + y) * nx + x];
	if (IS_NAN(v - v)) flag[axis_line(axis, z, y, x, ny, nx)] = 1u;
}

/* nan_lines sets every element of the flagged lines along axis to NaN. */
KERNEL nan_lines(GLOBAL real* dst, GLOBAL const uint* flag, int nz, int ny, int nx, int axis) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	if (flag[axis_line(axis, z, y, x, ny, nx)]) dst[(z * ny + y) * nx + x] = (real)AS_FLOAT(0x7fc00000u);
}
