package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcStats = source("stats.cl")

	kBoxRowSums = kernel(srcStats, "box_row_sums", Buf, Buf, Buf, Int, Int, Int, Int, Int, Real)
	kBoxSums    = kernel(srcStats, "box_sums", Buf, Buf, Buf, Buf, Int, Int, Int, Int, Int, Int, Real, Real)
	kBoxFinish  = kernel(srcStats, "box_finish", Buf, Int, Buf, Buf, Int, Int, Int, Int, Int, Int, Real, Real, Real, Int)
)

// VarianceFilter replaces each pixel by the variance of the box window around it:
// mean(x²) - mean(x)² over the window of the image extended by mode (cval outside in
// constant mode), clipped at 0 and rounded to float32, from box sums in real added in
// kernels/cpu's order (running sums along X, then rows, then planes), so that the
// cancelling difference rounds as the reference's does. The box covers size/2 pixels
// before the centre and size-size/2-1 after it on each axis.
//
//kernreg:op name=variance_filter tags=filter,statistics ref="scipy.ndimage.uniform_filter(x*x) - uniform_filter(x)**2 in float64" slices=coupled
func VarianceFilter(dst, image Array, p cpu.BoxParams) error {
	return boxVariance("variance_filter", dst.View, image.View, p, false)
}

// StandardDeviationFilter replaces each pixel by the standard deviation of the box
// window around it: the square root of VarianceFilter's variance in real (clipped at
// 0), rounded to float32.
//
//kernreg:op name=standard_deviation_filter tags=filter,statistics ref="sqrt(max(0, scipy.ndimage.uniform_filter(x*x) - uniform_filter(x)**2)) in float64" slices=coupled
func StandardDeviationFilter(dst, image Array, p cpu.BoxParams) error {
	return boxVariance("standard_deviation_filter", dst.View, image.View, p, true)
}

// boxVariance runs the row sums, the 3D plane sums where the box has more than one
// plane, and the last sums with the variance. Unlike kernels/cpu, which bounds its
// per-goroutine ring buffers, it needs two (four with sz > 1) scratch arrays of reals
// the size of the image and no other bound.
func boxVariance(op string, dst, image View, p cpu.BoxParams, std bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	size, mode, err := cpu.BoxVarianceParamsOf(op, rank, p)
	if err != nil {
		return err
	}
	sz := 1
	if rank == 3 {
		sz = size[0]
	}
	sy, sx := size[rank-2], size[rank-1]
	dev := dst.Dev()
	z, y, x := dst.dims3()
	n := dst.Len()
	bufs, err := realScratches(dev, op, n, 2)
	if err != nil {
		return err
	}
	defer release(bufs)
	r1, r2 := bufs[0], bufs[1]
	c := p.Cval
	if err := kBoxRowSums.Launch(dev, []int{z * y}, r1, r2, image.Buf, image.Off, z*y, x, sx, int(mode), c); err != nil {
		return err
	}
	// The sums a constant-mode row (plane) outside the image adds, as kernels/cpu
	// computes them.
	rowN, planeN := float64(sx), float64(sy*sx)
	rowEdge1, rowEdge2 := c*rowN, (c*c)*rowN
	inv := 1 / (float64(sz) * float64(sy) * float64(sx))
	if sz == 1 {
		return kBoxFinish.Launch(dev, grid3(dst), dst.Buf, dst.Off, r1, r2, z, y, x, 1, sy, int(mode), rowEdge1, rowEdge2, inv, b2i(std))
	}
	planes, err := realScratches(dev, op, n, 2)
	if err != nil {
		return err
	}
	defer release(planes)
	if err := kBoxSums.Launch(dev, grid3(dst), planes[0], planes[1], r1, r2, z, y, x, 1, sy, int(mode), rowEdge1, rowEdge2); err != nil {
		return err
	}
	return kBoxFinish.Launch(dev, grid3(dst), dst.Buf, dst.Off, planes[0], planes[1], z, y, x, 0, sz, int(mode), c*planeN, (c*c)*planeN, inv, b2i(std))
}

// realScratches allocates k temporary buffers of n reals each.
func realScratches(dev Device, op string, n, k int) ([]Buffer, error) {
	var out []Buffer
	for range k {
		b, err := realScratch(dev, op, n)
		if err != nil {
			release(out)
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// release releases buffers.
func release(bufs []Buffer) {
	for _, b := range bufs {
		b.Release()
	}
}

// RankFilter replaces each pixel by the element of the given rank of the sorted box
// window around it, as scipy.ndimage.rank_filter(image, rank, size=...) (origin 0), a
// negative rank r meaning n + r for a window of n elements. As in scipy, rank 0 is
// MinimumFilter and rank n-1 is MaximumFilter; other ranks select with scipy's
// NI_Select on the window gathered in C order (cval rounded to float32), so results are
// bit-identical to scipy's, and windows of more than 343 elements are refused.
//
//kernreg:op name=rank_filter tags=filter,rank ref=scipy.ndimage.rank_filter slices=coupled
func RankFilter(dst, image Array, p cpu.RankParams) error {
	const op = "rank_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	size, n, rank, err := cpu.RankParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	return selectRank(op, dst.View, image.View, size, n, rank, p.Mode, p.Cval)
}

// PercentileFilter replaces each pixel by the given percentile of the box window around
// it, as scipy.ndimage.percentile_filter(image, percentile, size=...) (origin 0): for a
// window of n elements and a percentile p (p + 100 if p < 0) it is RankFilter with rank
// int(n*p/100), or n-1 for p = 100, without interpolation.
//
//kernreg:op name=percentile_filter tags=filter,rank ref=scipy.ndimage.percentile_filter slices=coupled
func PercentileFilter(dst, image Array, p cpu.PercentileParams) error {
	const op = "percentile_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	size, n, rank, err := cpu.PercentileParamsOf(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	return selectRank(op, dst.View, image.View, size, n, rank, p.Mode, p.Cval)
}

// selectRank follows scipy's _rank_filter: the extreme ranks are the separable minimum
// and maximum filters, the others a selection on the window.
func selectRank(op string, dst, image View, size []int, n, rank int, modeName string, cval float64) error {
	mode, err := parseMode(op, modeName)
	if err != nil {
		return err
	}
	switch rank {
	case 0:
		return minMaxPasses(op, dst, image, size, mode, cval, true, false)
	case n - 1:
		return minMaxPasses(op, dst, image, size, mode, cval, false, false)
	}
	return selectWindow(op, dst, image, size, n, rank, mode, cval)
}
