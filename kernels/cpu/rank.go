package cpu

import (
	"fmt"
	"math"
)

// RankParams are the parameters of RankFilter.
type RankParams struct {
	// Position of the result in the sorted window, counted from 0 (the minimum); a
	// negative rank counts from the end (-1 is the maximum).
	Rank int
	// Edge length of the box, one value for every axis or one per axis (Z, Y, X).
	Size []int `default:"3" min:"1"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// PercentileParams are the parameters of PercentileFilter.
type PercentileParams struct {
	// Percentile of the window, in [-100, 100]; a negative value p means 100 + p.
	Percentile float64 `min:"-100" max:"100"`
	// Edge length of the box, one value for every axis or one per axis (Z, Y, X).
	Size []int `default:"3" min:"1"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// RankFilter replaces each pixel by the element of the given rank of the sorted box
// window around it, as scipy.ndimage.rank_filter(image, rank, size=...) (origin 0). The
// window covers size/2 pixels before the centre and size-size/2-1 after it on each
// axis; a negative rank r means n + r for a window of n elements, and a rank outside
// [0, n) is an error. As in scipy, rank 0 is minimum_filter and rank n-1 is
// maximum_filter (cval compared in float64, scipy's NaN behaviour); other ranks select
// from the window of float32 values (cval rounded to float32), sliding the window along
// X as median_filter does (sorted columns, merged), with scipy's quickselect order for
// windows that hold a NaN. Results are always window values: bit-identical to scipy.
//
//kernreg:op name=rank_filter tags=filter,rank ref=scipy.ndimage.rank_filter slices=coupled
func RankFilter(dst, image Array, p RankParams) error {
	const op = "rank_filter"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	size, n, rank, err := rankParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	return selectRank(op, dst, image, size, n, rank, p.Mode, p.Cval)
}

// rankParams checks RankFilter's parameters for an image of the given rank (ndim) and
// returns the box size per axis, its number of elements n and the rank in [0, n).
func rankParams(op string, ndim int, p RankParams) (size []int, n, rank int, err error) {
	size, n, err = rankWindow(op, p.Size, ndim)
	if err != nil {
		return nil, 0, 0, err
	}
	rank = p.Rank
	if rank < 0 {
		rank += n
	}
	if rank < 0 || rank >= n {
		return nil, 0, 0, fmt.Errorf("%s: rank %d is outside a window of %d elements", op, p.Rank, n)
	}
	return size, n, rank, nil
}

// PercentileFilter replaces each pixel by the given percentile of the box window around
// it, as scipy.ndimage.percentile_filter(image, percentile, size=...) (origin 0): for a
// window of n elements and a percentile p (p + 100 if p < 0) it is RankFilter with rank
// int(n*p/100) (computed in float64, truncated), or n-1 for p = 100. There is no
// interpolation between window values, so results are bit-identical to scipy's.
//
//kernreg:op name=percentile_filter tags=filter,rank ref=scipy.ndimage.percentile_filter slices=coupled
func PercentileFilter(dst, image Array, p PercentileParams) error {
	const op = "percentile_filter"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	size, n, rank, err := percentileParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	return selectRank(op, dst, image, size, n, rank, p.Mode, p.Cval)
}

// percentileParams checks PercentileFilter's parameters for an image of the given rank
// (ndim) and returns the box size per axis, its number of elements n and the rank in
// [0, n) of the percentile.
func percentileParams(op string, ndim int, p PercentileParams) (size []int, n, rank int, err error) {
	pc := p.Percentile
	if math.IsNaN(pc) || pc < -100 || pc > 100 {
		return nil, 0, 0, fmt.Errorf("%s: percentile must be in [-100, 100], got %v", op, pc)
	}
	size, n, err = rankWindow(op, p.Size, ndim)
	if err != nil {
		return nil, 0, 0, err
	}
	if pc < 0 {
		pc += 100
	}
	rank = n - 1
	if pc != 100 {
		rank = int(float64(n) * pc / 100)
	}
	return size, n, rank, nil
}

// rankWindow checks the box sizes of a rank filter for an image of the given rank (ndim)
// and returns the box size per axis and its number of elements.
func rankWindow(op string, sizes []int, ndim int) ([]int, int, error) {
	size, err := perAxisInts(op+": size", sizes, ndim)
	if err != nil {
		return nil, 0, err
	}
	n := 1
	for _, s := range size {
		if s < 1 {
			return nil, 0, fmt.Errorf("%s: size must be >= 1, got %d", op, s)
		}
		if n *= min(s, maxMedianWindow+1); n > maxMedianWindow {
			return nil, 0, fmt.Errorf("%s: size %v makes a window of more than %d elements", op, size, maxMedianWindow)
		}
	}
	return size, n, nil
}

// selectRank writes element rank (0 <= rank < n) of every sorted box window to dst,
// following scipy's _rank_filter: the extreme ranks are the separable minimum and
// maximum filters, the others a selection on the window.
func selectRank(op string, dst, image Array, size []int, n, rank int, modeName string, cval float64) error {
	mode, err := ParseMode(modeName)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	box := BoxParams{Size: size, Mode: modeName, Cval: cval}
	switch rank {
	case 0:
		return minMaxFilter(op, dst, image, box, true, false)
	case n - 1:
		return minMaxFilter(op, dst, image, box, false, false)
	}
	rk := len(image.Shape)
	nz, ny, nx := dims3(image.Shape)
	sz := 1
	if rk == 3 {
		sz = size[0]
	}
	sy, sx := size[rk-2], size[rk-1]
	tz, ty, tx := windowIndex(nz, sz, mode), windowIndex(ny, sy, mode), windowIndex(nx, sx, mode)
	parallel(nz*ny, max(1, 1<<14/(nx*n)), func(lo, hi int) {
		w := newMedianWindow(image.Data, nx, tx, sz*sy, sx, float32(cval))
		w.k = rank
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			for a := range sz {
				for b := range sy {
					if iz, iy := tz[z+a], ty[y+b]; iz < 0 || iy < 0 {
						w.rows[a*sy+b] = -1
					} else {
						w.rows[a*sy+b] = (iz*ny + iy) * nx
					}
				}
			}
			w.row(dst.Data[r*nx : (r+1)*nx])
		}
	})
	return nil
}
