package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Statistics along the first axis of a stack: the z median (projection and
// subtraction) and the bleach correction, kernels/cpu's stack.go and
// projection_extra.go on the device (src/stack.cl).

var (
	srcStack = source("stack.cl")

	kZMedian      = kernel(srcStack, "z_median", Buf, Int, Buf, Int, Buf, Int, Int, Int, Int)
	kSliceSums    = kernel(srcStack, "slice_sums", Buf, Int, Int, Int, Buf, Int)
	kBleachRatios = kernel(srcStack, "bleach_ratios", Buf, Int, Int, Int, Real, Buf)
	kBleachApply  = kernel(srcStack, "bleach_apply", Buf, Int, Buf, Int, Int, Int, Real, Buf)
)

// checkVolumePair checks a dst/src pair of a same-shape PURE_3D kernel.
func checkVolumePair(op string, dst, src Volume) error {
	if len(src.Shape) != 3 {
		return fmt.Errorf("%s: image must be 3D (Z x Y x X), got shape %v", op, src.Shape)
	}
	return checkPair(op, dst.View, src.View)
}

// zMedian runs z_median over the (nz, n) stack image: out is the (n) median plane, or
// with subtract the (nz, n) stack minus it. The columns are reordered in a scratch copy,
// or in out itself where out is a stack apart from image.
func zMedian(op string, out View, image Volume, subtract bool) error {
	dev := out.Dev()
	nz, n := image.Shape[0], image.Shape[1]*image.Shape[2]
	work := out
	if !subtract || out.Buf == image.Buf {
		b, err := scratch(dev, op, nz*n)
		if err != nil {
			return err
		}
		defer b.Release()
		work = View{Buf: b, Shape: image.Shape}
	}
	return kZMedian.Launch(dev, []int{n}, out.Buf, out.Off, image.Buf, image.Off, work.Buf, work.Off, nz, n, boolInt(subtract))
}

// MedianZProjection sets each pixel to numpy's median over Z, as cpu.MedianZProjection:
// the middle value for an odd number of slices, float32(lo + hi) / 2 of the two middle
// values for an even number; a NaN anywhere along Z gives NaN. One work item per pixel
// selects in a scratch copy of its column, so Z is unbounded.
//
//kernreg:op name=median_z_projection tags=projection ref="numpy.median(axis=0)"
func MedianZProjection(dst Plane, image Volume) error {
	const op = "median_z_projection"
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	return zMedian(op, dst.View, image, false)
}

// SubtractZMedian subtracts from every pixel of a stack (first axis time or z) its
// median over that axis, in float32, as cpu.SubtractZMedian: numpy's median (NaN if the
// column holds one), found as in median_z_projection.
//
//kernreg:op name=subtract_z_median tags=stack,background,timelapse ref="image-numpy.median(image,axis=0)"
func SubtractZMedian(dst, image Volume) error {
	const op = "subtract_z_median"
	if err := checkVolumePair(op, dst, image); err != nil {
		return err
	}
	return zMedian(op, dst.View, image, true)
}

// BleachCorrection compensates photobleaching in a time series (first axis = time) by
// the simple ratio method of Fiji's Bleach Correction, as cpu.BleachCorrection:
// out[t] = (in[t] - b) * (m_0 - b) / (m_t - b) for t > 0 and out[0] = in[0] - b, with
// m_t the mean of slice t, in real and rounded once. The means are device reductions
// (rangeItems partial sums per slice, then their sum): the same values as the CPU's up
// to the rounding of the float64 sums' order.
//
//kernreg:op name=bleach_correction tags=stack,intensity,timelapse ref="Fiji:BleachCorrection_SimpleRatio(Miura2020)"
func BleachCorrection(dst, image Volume, p cpu.BleachCorrectionParams) error {
	const op = "bleach_correction"
	if err := checkVolumePair(op, dst, image); err != nil {
		return err
	}
	dev := dst.Dev()
	nz, n := image.Shape[0], image.Shape[1]*image.Shape[2]
	items := min(n, rangeItems)
	part, err := scratch(dev, op, 2*nz*items) // reals: 8 bytes each at most
	if err != nil {
		return err
	}
	defer part.Release()
	ratio, err := scratch(dev, op, 2*nz)
	if err != nil {
		return err
	}
	defer ratio.Release()
	if err := kSliceSums.Launch(dev, []int{items, nz}, image.Buf, image.Off, n, nz, part, items); err != nil {
		return err
	}
	if err := kBleachRatios.Launch(dev, []int{nz}, part, items, n, nz, p.Background, ratio); err != nil {
		return err
	}
	return kBleachApply.Launch(dev, []int{n, nz}, dst.Buf, dst.Off, image.Buf, image.Off, n, nz, p.Background, ratio)
}
