package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcMedian = source("median.cl")

	kMedianFilter = kernel(srcMedian, "median_filter", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Float)
)

// MaxMedianWindow is the largest median window the GPU kernel holds (7x7x7); the
// kernel's private array has this fixed size, so compiling never depends on parameters.
const MaxMedianWindow = 343

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
	rank := len(image.Shape)
	size, err := perAxisInts(op+": size", p.Size, rank)
	if err != nil {
		return err
	}
	n := 1
	for _, s := range size {
		if s < 1 {
			return fmt.Errorf("%s: size must be >= 1, got %d", op, s)
		}
		if n *= min(s, cpu.MaxMedianWindow+1); n > cpu.MaxMedianWindow {
			return fmt.Errorf("%s: size %v makes a window of more than %d elements", op, size, cpu.MaxMedianWindow)
		}
	}
	if n > MaxMedianWindow {
		return fmt.Errorf("%s: size %v makes a window of %d elements; the GPU kernel takes at most %d (run it on the cpu backend)", op, size, n, MaxMedianWindow)
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	sz := 1
	if rank == 3 {
		sz = size[0]
	}
	z, y, x := dst.dims3()
	return kMedianFilter.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x,
		sz, size[rank-2], size[rank-1], int(mode), float32(p.Cval))
}
