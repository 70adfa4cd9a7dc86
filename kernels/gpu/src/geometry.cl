/* Moving pixels without interpolation: flips, transposes and crops are one strided copy;
 * numpy.pad and skimage's downscale_local_mean have kernels of their own. One work item
 * per output element, launched over (X, Y, Z) of the output. */

/* strided_copy: dst[(z*ny + y)*nx + x] = src[soff + z*sz + y*sy + x*sx]. A transpose
 * permutes the source strides, a flip negates one (soff then points at the last element
 * along that axis), a crop moves soff to its first element. */
KERNEL strided_copy(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                    int nz, int ny, int nx, int sz, int sy, int sx) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= nx || y >= ny || z >= nz) return;
	dst[doff + (z * ny + y) * nx + x] = src[soff + z * sz + y * sy + x * sx];
}

/* pad: output (oz, oy, ox) reads the input (nz, ny, nx) at its coordinate minus the
 * width before, mapped by the boundary mode that extends an axis as numpy.pad's mode
 * does (kernels/cpu's PadMode); constant mode writes cval. */
KERNEL pad(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
           int oz, int oy, int ox, int nz, int ny, int nx, int bz, int by, int bx, int mode, float cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= ox || y >= oy || z >= oz) return;
	int zz = map_index(z - bz, nz, mode);
	int yy = map_index(y - by, ny, mode);
	int xx = map_index(x - bx, nx, mode);
	dst[doff + (z * oy + y) * ox + x] = (zz < 0 || yy < 0 || xx < 0) ? cval : src[soff + (zz * ny + yy) * nx + xx];
}

/* downscale_local_mean: output pixel (z, y, x) is the mean of the block of fz x fy x fx
 * input pixels from (z*fz, y*fy, x*fx): the pixels inside the image summed in real in C
 * order (kernels/cpu's order), then the block's missing pixels times cval added, then
 * divided by the block size bsize (real). The factors are at most the axis lengths (a
 * larger factor gives one block over the whole axis, the same pixels). */
KERNEL downscale_local_mean(GLOBAL float* dst, int doff, GLOBAL const float* src, int soff,
                            int oz, int oy, int ox, int nz, int ny, int nx, int fz, int fy, int fx,
                            real bsize, real cval) {
	int x = GID(0), y = GID(1), z = GID(2);
	if (x >= ox || y >= oy || z >= oz) return;
	int z0 = z * fz, y0 = y * fy, x0 = x * fx;
	int z1 = imin(z0 + fz, nz), y1 = imin(y0 + fy, ny), x1 = imin(x0 + fx, nx);
	real sum = 0;
	for (int zz = z0; zz < z1; zz++) {
		for (int yy = y0; yy < y1; yy++) {
			GLOBAL const float* row = src + soff + (zz * ny + yy) * nx;
			for (int xx = x0; xx < x1; xx++) sum += (real)row[xx];
		}
	}
	real inside = (real)(z1 - z0) * (real)(y1 - y0) * (real)(x1 - x0);
	dst[doff + (z * oy + y) * ox + x] = (float)((sum + (bsize - inside) * cval) / bsize);
}
