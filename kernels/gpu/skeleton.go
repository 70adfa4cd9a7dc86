package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// Thinning of 2D binary images (kernels/cpu/skeleton.go) on the device: both algorithms
// are parallel subiterations over a lookup table of the 8-neighbourhood, one launch per
// subiteration between two device buffers; the host reads back one change flag per
// iteration to know when to stop.

var (
	srcSkeleton = source("skeleton.cl")

	kLUTThinStep = kernel(srcSkeleton, "lut_thin_step", Buf, Buf, Int, Int, Buf, Int, Buf)
)

// Skeletonize thins the foreground (nonzero pixels, NaN included) of a 2D binary image
// to a one-pixel-wide 8-connected skeleton with the Zhang-Suen algorithm, as
// skimage.morphology.skeletonize (method zhang) and cpu.Skeletonize do: passes
// alternate between the two removal rules of skimage's table, each pass reading the
// image as the previous one left it, until a pair of passes removes nothing; pixels past
// the edges are background. The result is float32 0/1.
//
//kernreg:op name=skeletonize tags=morphology,binary,skeleton ref=skimage.morphology.skeletonize
func Skeletonize(dst, image Plane) error {
	zhang := cpu.ZhangSuenTable()
	var table [256]uint32
	for code := range table {
		table[code] = uint32(zhang[zhangCode(code)])
	}
	return lutThin("skeletonize", dst.View, image.View, table, 0)
}

// zhangCode turns the neighbour code of lut_thin_step (1 E, 2 NE, 4 N, 8 NW, 16 W, 32 SW,
// 64 S, 128 SE) into skimage's Zhang-Suen code (1 NW, 2 N, 4 NE, 8 E, 16 SE, 32 S, 64 SW,
// 128 W).
func zhangCode(code int) int {
	to := [8]int{3, 2, 1, 0, 7, 6, 5, 4} // the Zhang-Suen bit of each lut_thin_step bit
	z := 0
	for b, zb := range to {
		z |= (code >> b & 1) << zb
	}
	return z
}

// Thin reduces the foreground (nonzero pixels, NaN included) of a 2D binary image to
// 8-connected lines one pixel wide with the two-subiteration algorithm of Guo and Hall,
// as skimage.morphology.thin and cpu.Thin do: each subiteration removes, all at once,
// the pixels whose 8-neighbourhood satisfies G1, G2 and G3 (G3' in the second), until an
// iteration removes nothing or max_num_iter iterations ran; pixels past the edges are
// background. The result is float32 0/1.
//
//kernreg:op name=thin tags=morphology,binary,skeleton ref=skimage.morphology.thin
func Thin(dst, image Plane, p cpu.ThinParams) error {
	const op = "thin"
	if err := p.Check(op); err != nil {
		return err
	}
	g123, g123p := cpu.ThinTables()
	var table [256]uint32
	for code := range table {
		table[code] = uint32(b2i(g123[code]) | b2i(g123p[code])<<1)
	}
	return lutThin(op, dst.View, image.View, table, p.MaxNumIter)
}

// lutThin runs iterations of two subiterations, the first removing the pixels whose
// table entry has bit 0, the second those with bit 1, until an iteration removes nothing
// or maxIter (0: no limit) iterations ran.
func lutThin(op string, dst, image View, table [256]uint32, maxIter int) error {
	if err := checkPlanePair(op, dst, image); err != nil {
		return err
	}
	dev := dst.Dev()
	n := dst.Len()
	tb, err := scratch(dev, op, len(table))
	if err != nil {
		return err
	}
	defer tb.Release()
	if err := Upload(tb, 0, table[:]); err != nil {
		return err
	}
	var bufs [2]Buffer
	for i := range bufs {
		if bufs[i], err = scratch(dev, op, n); err != nil {
			return err
		}
		defer bufs[i].Release()
	}
	flag, err := scratch(dev, op, 1)
	if err != nil {
		return err
	}
	defer flag.Release()
	if err := kBinaryLoad.Launch(dev, []int{n}, bufs[0], image.Buf, image.Off, n); err != nil {
		return err
	}
	ny, nx := dst.Shape[0], dst.Shape[1]
	cur := 0
	for it := 0; maxIter == 0 || it < maxIter; it++ {
		if err := dev.Fill32(flag, 0, 0, 1); err != nil {
			return err
		}
		for _, mask := range []int{1, 2} {
			if err := kLUTThinStep.Launch(dev, []int{nx, ny}, bufs[1-cur], bufs[cur], ny, nx, tb, mask, flag); err != nil {
				return err
			}
			cur = 1 - cur
		}
		var changed [1]int32
		if err := Download(flag, 0, changed[:]); err != nil {
			return err
		}
		if changed[0] == 0 {
			break
		}
	}
	return kBinaryStore.Launch(dev, []int{n}, dst.Buf, dst.Off, bufs[cur], n)
}
