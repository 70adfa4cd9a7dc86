package gpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcMorphology = source("morphology.cl")

	kNaNOrNegZero    = kernel(srcMorphology, "nan_or_negzero", Buf, Int, Int, Buf)
	kMinMaxAxis      = kernel(srcMorphology, "minmax_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float)
	kMinMaxAxisExact = kernel(srcMorphology, "minmax_axis_exact", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Real, Buf, Buf, Int)
	kFootprintMinMax = kernel(srcMorphology, "footprint_minmax", Buf, Int, Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Float)
	kBinaryLoad      = kernel(srcMorphology, "binary_load", Buf, Buf, Int, Int)
	kBinaryStep      = kernel(srcMorphology, "binary_step", Buf, Buf, Int, Int, Int, Buf, Int, Int, Int, Buf)
	kBinaryStore     = kernel(srcMorphology, "binary_store", Buf, Int, Buf, Int)
)

// MinimumFilter replaces each pixel by the minimum over a box of the given size, as
// separable 1D minimum filters along every axis (axes of size 1 are skipped). For a size
// s the box on an axis covers [i - s/2, i + s - s/2 - 1]. Past the edges the image is
// extended by mode. Results are kernels/cpu's (scipy's) bit for bit: a direct window
// minimum when the data hold no NaN or -0, else scipy's sliding algorithm per line.
//
//kernreg:op name=minimum_filter tags=filter,rank,morphology ref=scipy.ndimage.minimum_filter slices=coupled
func MinimumFilter(dst, image Array, p cpu.BoxParams) error {
	return boxMinMax("minimum_filter", dst.View, image.View, p, true, false)
}

// MaximumFilter replaces each pixel by the maximum over a box of the given size; it is
// MinimumFilter with the order reversed, with the same window and scipy's NaN behaviour.
//
//kernreg:op name=maximum_filter tags=filter,rank,morphology ref=scipy.ndimage.maximum_filter slices=coupled
func MaximumFilter(dst, image Array, p cpu.BoxParams) error {
	return boxMinMax("maximum_filter", dst.View, image.View, p, false, false)
}

// GreyErosion erodes a greyscale image by a flat footprint: the minimum over the
// footprint around each pixel, the image extended past its edges by mode. The default
// box of the given size is exactly MinimumFilter; a disk, diamond, ball or octahedron of
// the given radius is skimage.morphology's footprint of that name.
//
//kernreg:op name=grey_erosion tags=morphology,grey ref=scipy.ndimage.grey_erosion slices=coupled
func GreyErosion(dst, image Array, p cpu.GreyParams) error {
	return greyMorphology("grey_erosion", dst.View, image.View, p, false)
}

// GreyDilation dilates a greyscale image by a flat footprint: the maximum over the
// mirrored footprint. For a box of even size s the window on that axis is
// [i - s/2 + 1, i + s/2], as scipy mirrors it; the other footprints are symmetric.
//
//kernreg:op name=grey_dilation tags=morphology,grey ref=scipy.ndimage.grey_dilation slices=coupled
func GreyDilation(dst, image Array, p cpu.GreyParams) error {
	return greyMorphology("grey_dilation", dst.View, image.View, p, true)
}

// GreyOpening removes bright detail smaller than the footprint: it computes
// GreyDilation(GreyErosion(image)) with the same footprint, mode and cval for both steps.
//
//kernreg:op name=grey_opening tags=morphology,grey ref=scipy.ndimage.grey_opening slices=coupled
func GreyOpening(dst, image Array, p cpu.GreyParams) error {
	return greyMorphology("grey_opening", dst.View, image.View, p, false, true)
}

// GreyClosing removes dark detail smaller than the footprint: it computes
// GreyErosion(GreyDilation(image)) with the same footprint, mode and cval for both steps.
//
//kernreg:op name=grey_closing tags=morphology,grey ref=scipy.ndimage.grey_closing slices=coupled
func GreyClosing(dst, image Array, p cpu.GreyParams) error {
	return greyMorphology("grey_closing", dst.View, image.View, p, true, false)
}

// boxMinMax validates a box filter's parameters and runs it.
func boxMinMax(op string, dst, image View, p cpu.BoxParams, minimum, mirrored bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	size, err := perAxisInts(op+": size", p.Size, len(image.Shape))
	if err != nil {
		return err
	}
	for _, s := range size {
		if s < 1 {
			return fmt.Errorf("%s: size must be >= 1, got %d", op, s)
		}
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	return minMaxPasses(op, dst, image, size, mode, p.Cval, minimum, mirrored)
}

// minMaxPasses runs the separable passes from src to dst (distinct buffers or views).
func minMaxPasses(op string, dst, src View, size []int, mode cpu.Mode, cval float64, minimum, mirrored bool) error {
	c32 := float32(cval)
	exact := mode == cpu.Constant && (c32 != c32 || c32 == 0 && math.Signbit(float64(c32)))
	if !exact {
		var err error
		if exact, err = hasNaNOrNegZero(op, src); err != nil {
			return err
		}
	}
	min := 0
	if minimum {
		min = 1
	}
	rank := len(src.Shape)
	var passes []pass
	for axis, s := range size {
		if s == 1 {
			continue
		}
		before := s / 2
		if mirrored {
			before = (s - 1) / 2
		}
		ax := axis3(rank, axis)
		if !exact {
			passes = append(passes, func(out, in View) error {
				z, y, x := out.dims3()
				return kMinMaxAxis.Launch(out.Dev(), grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x, ax, s, before, min, int(mode), c32)
			})
			continue
		}
		passes = append(passes, func(out, in View) error {
			return exactMinMaxPass(op, out, in, ax, s, before, min, mode, cval)
		})
	}
	return chain(op, dst, src, passes)
}

// exactMinMaxPass runs scipy's sliding algorithm on every line along axis.
func exactMinMaxPass(op string, out, in View, axis, size, before, minimum int, mode cpu.Mode, cval float64) error {
	dev := out.Dev()
	z, y, x := out.dims3()
	n := []int{z, y, x}[axis]
	lines := z * y * x / n
	capacity := 1
	for capacity < size {
		capacity <<= 1
	}
	realSize := int64(4)
	if dev.Float64() {
		realSize = 8
	}
	slots := int64(lines) * int64(capacity)
	if slots >= 1<<31 {
		return fmt.Errorf("%s: size %d on %d lines needs %d sliding-window slots, more than 2^31", op, size, lines, slots)
	}
	ring, err := dev.Alloc(slots * realSize)
	if err != nil {
		return fmt.Errorf("%s: sliding window: %w", op, err)
	}
	defer ring.Release()
	death, err := dev.Alloc(slots * 4)
	if err != nil {
		return fmt.Errorf("%s: sliding window: %w", op, err)
	}
	defer death.Release()
	return kMinMaxAxisExact.Launch(dev, []int{lines}, out.Buf, out.Off, in.Buf, in.Off, z, y, x, axis, size, before, minimum, int(mode), cval, ring, death, capacity)
}

// hasNaNOrNegZero reports whether v holds a NaN or a -0 (one flag read back).
func hasNaNOrNegZero(op string, v View) (bool, error) { return deviceFlag(op, kNaNOrNegZero, v) }

// deviceFlag runs k(src, off, n, flag), a kernel that sets the int *flag for some
// elements of v, and reads the flag back.
func deviceFlag(op string, k *Kernel, v View) (bool, error) {
	dev := v.Dev()
	flag, err := scratch(dev, op, 1)
	if err != nil {
		return false, err
	}
	defer flag.Release()
	if err := dev.Fill32(flag, 0, 0, 1); err != nil {
		return false, err
	}
	if err := k.Launch(dev, []int{v.Len()}, v.Buf, v.Off, v.Len(), flag); err != nil {
		return false, err
	}
	var f [1]int32
	if err := Download(flag, 0, f[:]); err != nil {
		return false, err
	}
	return f[0] != 0, nil
}

// greyMorphology runs erosion (false) and dilation (true) steps; each step reads the
// previous one's result extended by mode/cval.
func greyMorphology(op string, dst, image View, p cpu.GreyParams, steps ...bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	mode, err := parseMode(op, p.Mode)
	if err != nil {
		return err
	}
	box := p.Footprint == "box" || p.Footprint == ""
	var size []int
	var offs Buffer
	nOffs := 0
	if box {
		if size, err = perAxisInts(op+": size", p.Size, len(image.Shape)); err != nil {
			return err
		}
		for _, s := range size {
			if s < 1 {
				return fmt.Errorf("%s: size must be >= 1, got %d", op, s)
			}
		}
	} else {
		fp, err := cpu.FootprintOffsets(op, p.Footprint, p.Radius, len(image.Shape))
		if err != nil {
			return err
		}
		if offs, err = offsetBuffer(image.Dev(), op, fp); err != nil {
			return err
		}
		defer offs.Release()
		nOffs = len(fp)
	}
	step := func(out, in View, dilate bool) error {
		if box {
			return minMaxPasses(op, out, in, size, mode, p.Cval, !dilate, dilate)
		}
		z, y, x := out.dims3()
		min := 1
		if dilate {
			min = 0
		}
		return kFootprintMinMax.Launch(out.Dev(), grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x, offs, nOffs, min, int(mode), float32(p.Cval))
	}
	in := image
	var tmp [2]View
	for i, dilate := range steps {
		out := dst
		if i < len(steps)-1 {
			if tmp[i%2].Buf == nil {
				b, err := scratch(dst.Dev(), op, dst.Len())
				if err != nil {
					return err
				}
				defer b.Release()
				tmp[i%2] = View{Buf: b, Shape: dst.Shape}
			}
			out = tmp[i%2]
		}
		if err := step(out, in, dilate); err != nil {
			return err
		}
		in = out
	}
	return nil
}

// offsetBuffer uploads (dz, dy, dx) offsets as 3 ints each.
func offsetBuffer(dev Device, op string, offs [][3]int) (Buffer, error) {
	flat := make([]int32, 0, 3*len(offs))
	for _, o := range offs {
		flat = append(flat, int32(o[0]), int32(o[1]), int32(o[2]))
	}
	b, err := scratch(dev, op, max(len(flat), 1))
	if err != nil {
		return nil, err
	}
	if err := Upload(b, 0, flat); err != nil {
		b.Release()
		return nil, err
	}
	return b, nil
}

// BinaryErosion erodes the foreground (nonzero pixels, NaN included) of a binary image
// by the structuring element generate_binary_structure(rank, connectivity) (or the
// named footprint): a pixel stays 1 only if it and every neighbour of the element are
// foreground, pixels past the edges counting as border_value. It is repeated iterations
// times (0: until unchanged). The result is float32 0/1.
//
//kernreg:op name=binary_erosion tags=morphology,binary ref=scipy.ndimage.binary_erosion slices=coupled
func BinaryErosion(dst, image Array, p cpu.BinaryParams) error {
	return binaryMorphology("binary_erosion", dst.View, image.View, p, false)
}

// BinaryDilation dilates the foreground (nonzero pixels, NaN included) of a binary
// image by generate_binary_structure(rank, connectivity) (or the named footprint): a
// pixel becomes 1 if it or any neighbour of the element is foreground, pixels past the
// edges counting as border_value. It is repeated iterations times (0: until unchanged).
// The result is float32 0/1.
//
//kernreg:op name=binary_dilation tags=morphology,binary ref=scipy.ndimage.binary_dilation slices=coupled
func BinaryDilation(dst, image Array, p cpu.BinaryParams) error {
	return binaryMorphology("binary_dilation", dst.View, image.View, p, true)
}

// BinaryOpening removes foreground detail smaller than the element: it computes
// BinaryDilation(BinaryErosion(image)), each step with the same iterations, element and
// border_value, as scipy.ndimage.binary_opening does.
//
//kernreg:op name=binary_opening tags=morphology,binary ref=scipy.ndimage.binary_opening slices=coupled
func BinaryOpening(dst, image Array, p cpu.BinaryParams) error {
	return binaryMorphology("binary_opening", dst.View, image.View, p, false, true)
}

// BinaryClosing fills background detail smaller than the element: it computes
// BinaryErosion(BinaryDilation(image)), each step with the same iterations, element and
// border_value, as scipy.ndimage.binary_closing does.
//
//kernreg:op name=binary_closing tags=morphology,binary ref=scipy.ndimage.binary_closing slices=coupled
func BinaryClosing(dst, image Array, p cpu.BinaryParams) error {
	return binaryMorphology("binary_closing", dst.View, image.View, p, true, false)
}

// binaryMorphology runs erosion (false) and dilation (true) steps on a 0/1 image held
// in two device buffers, one synchronous iteration per launch.
func binaryMorphology(op string, dst, image View, p cpu.BinaryParams, steps ...bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	if err := cpu.CheckConnectivity(op, p.Connectivity, rank); err != nil {
		return err
	}
	if p.Iterations < 0 {
		return fmt.Errorf("%s: iterations must be >= 0 (0 repeats until unchanged), got %d", op, p.Iterations)
	}
	if p.BorderValue != 0 && p.BorderValue != 1 {
		return fmt.Errorf("%s: border_value must be 0 or 1, got %d", op, p.BorderValue)
	}
	var elem [][3]int
	if p.Footprint != "structure" && p.Footprint != "" {
		fp, err := cpu.FootprintOffsets(op, p.Footprint, p.Radius, rank)
		if err != nil {
			return err
		}
		for _, o := range fp {
			if o != [3]int{} {
				elem = append(elem, o)
			}
		}
	} else {
		elem = binaryStructure(rank, p.Connectivity)
	}
	dev := dst.Dev()
	n := dst.Len()
	offs, err := offsetBuffer(dev, op, elem)
	if err != nil {
		return err
	}
	defer offs.Release()
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
	z, y, x := dst.dims3()
	grid := grid3(dst)
	cur := 0
	for _, dilate := range steps {
		d := 0
		if dilate {
			d = 1
		}
		for it := 1; p.Iterations == 0 || it <= p.Iterations; it++ {
			track := p.Iterations != 1
			if track {
				if err := dev.Fill32(flag, 0, 0, 1); err != nil {
					return err
				}
			}
			if err := kBinaryStep.Launch(dev, grid, bufs[1-cur], bufs[cur], z, y, x, offs, len(elem), d, p.BorderValue, flag); err != nil {
				return err
			}
			cur = 1 - cur
			if !track {
				continue
			}
			var changed [1]int32
			if err := Download(flag, 0, changed[:]); err != nil {
				return err
			}
			if changed[0] == 0 {
				break // a fixed point: further iterations change nothing
			}
		}
	}
	return kBinaryStore.Launch(dev, []int{n}, dst.Buf, dst.Off, bufs[cur], n)
}

// binaryStructure is scipy.ndimage.generate_binary_structure(rank, connectivity) as
// (dz, dy, dx) offsets without the centre.
func binaryStructure(rank, connectivity int) [][3]int {
	zr := 0
	if rank == 3 {
		zr = 1
	}
	var out [][3]int
	for dz := -zr; dz <= zr; dz++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				steps := iabs(dz) + iabs(dy) + iabs(dx)
				if steps > 0 && steps <= connectivity {
					out = append(out, [3]int{dz, dy, dx})
				}
			}
		}
	}
	return out
}

func iabs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
