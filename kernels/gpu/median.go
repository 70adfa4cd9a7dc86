package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcMedian = source("median.cl")

	kRankFilterSmall = kernel(srcMedian, "rank_filter_small", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float)
	kRankFilterTile  = kernel(srcMedian, "rank_filter_tile", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float)
	kMedianN         = map[int]*Kernel{
		9:  kernel(srcMedian, "median_9", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
		25: kernel(srcMedian, "median_25", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
		27: kernel(srcMedian, "median_27", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
	}
	kRankFilterN = map[int]*Kernel{
		9:  kernel(srcMedian, "rank_filter_9", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
		25: kernel(srcMedian, "rank_filter_25", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
		27: kernel(srcMedian, "rank_filter_27", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float),
	}
)

// MaxMedianWindow is the largest median or rank window the GPU kernel holds (7x7x7);
// the kernel's private array has this fixed size, so compiling never depends on
// parameters.
const MaxMedianWindow = 343

// medianSmall is the window size up to which rank_filter_small runs.
const medianSmall = 27

// MedianFilter replaces each pixel by the median of the box of the given size around it,
// as scipy.ndimage.median_filter(image, size=...) does (origin 0): on each axis the box
// covers size/2 pixels before the centre and size-size/2-1 after it, and the result is
// element n/2 of the window's n values as scipy's NI_Select finds it on the window
// gathered in C order (the upper middle value for even n; NaN windows as in scipy).
// Outside the image the window reads the input extended by mode; in constant mode it
// reads cval rounded to float32. Windows of more than 343 elements are refused.
//
//kernreg:op name=median_filter tags=filter,rank,denoising ref=scipy.ndimage.median_filter slices=coupled
func MedianFilter(dst, image Array, p cpu.BoxParams) error {
	const op = "median_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	size, n, err := cpu.RankWindowOf(op, p.Size, len(image.Shape))
	if err != nil {
		return err
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	return selectWindow(op, dst.View, image.View, size, n, n/2, mode, p.Cval)
}

// selectWindow writes element rank of every sorted box window of n elements to dst,
// selecting with scipy's NI_Select on the window gathered in C order; windows of more
// than MaxMedianWindow elements are refused.
func selectWindow(op string, dst, image View, size []int, n, rank int, mode cpu.Mode, cval float64) error {
	if n > MaxMedianWindow {
		return fmt.Errorf("%s: size %v makes a window of %d elements; the GPU kernel takes at most %d (run it on the cpu backend)", op, size, n, MaxMedianWindow)
	}
	sz := 1
	if len(size) == 3 {
		sz = size[0]
	}
	z, y, x := dst.dims3()
	k := kRankFilterTile
	if km, ok := kMedianN[n]; ok && rank == n/2 {
		k = km
	} else if kn, ok := kRankFilterN[n]; ok {
		k = kn
	} else if n <= medianSmall {
		k = kRankFilterSmall
	}
	win := [3]int{sz, size[len(size)-2], size[len(size)-1]}
	return k.LaunchLocal(dst.Dev(), grid3(dst), rankGroup([3]int{z, y, x}, win), dst.Buf, dst.Off, image.Buf, image.Off,
		z, y, x, win[0], win[1], win[2], rank, int(mode), float32(cval))
}

// rankTile is RANK_TILE of median.cl: the values a rank kernel's LOCAL tile holds.
const rankTile = 3072

// rankGroup is the work group (X, Y, Z) of a rank kernel on a Z x Y x X image with a
// window of shape win: 32x4x2 for volumes, 32x8 for planes, 256 for lines, halved (Z,
// then Y, then X) until the group's tile, its outputs extended by the window, fits in
// rankTile values. A single output's tile is its window, at most MaxMedianWindow values.
func rankGroup(shape, win [3]int) []int {
	g := []int{256, 1, 1}
	switch {
	case shape[0] > 1:
		g = []int{32, 4, 2}
	case shape[1] > 1:
		g = []int{32, 8, 1}
	}
	for (g[0]+win[2]-1)*(g[1]+win[1]-1)*(g[2]+win[0]-1) > rankTile {
		switch {
		case g[2] > 1:
			g[2] /= 2
		case g[1] > 1:
			g[1] /= 2
		default:
			g[0] /= 2
		}
	}
	return g
}
