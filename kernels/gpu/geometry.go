package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Flips, transposes, crop, pad and block averaging: kernels/cpu's reshape.go on the
// device (src/geometry.cl). Output shapes come from kernels/cpu's shape functions, which
// the registry calls to allocate dst; each op checks dst against them.

var (
	srcGeometry = source("geometry.cl")

	kStridedCopy        = kernel(srcGeometry, "strided_copy", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int)
	kPad                = kernel(srcGeometry, "pad", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Float)
	kDownscaleLocalMean = kernel(srcGeometry, "downscale_local_mean", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Real, Real)
)

// checkOut checks an image and a dst of shape want on the image's device, with
// kernels/cpu's message for a dst of the wrong shape.
func checkOut(op string, dst, src View, want []int) error {
	if err := src.check(op, "image"); err != nil {
		return err
	}
	if err := dst.check(op, "dst"); err != nil {
		return err
	}
	if dst.Dev() != src.Dev() {
		return fmt.Errorf("%s: dst is on %v, image on %v", op, dst.Dev(), src.Dev())
	}
	if sameShape(op, View{Shape: want}, dst) != nil {
		return fmt.Errorf("%s: dst shape %v, want %v", op, dst.Shape, want)
	}
	return nil
}

// stridedCopy sets every element (z, y, x) of dst to src's element at
// soff + z*st[0] + y*st[1] + x*st[2] (soff and the strides in elements of src's buffer).
func stridedCopy(dst, src View, soff int, st [3]int) error {
	z, y, x := dst.dims3()
	return kStridedCopy.Launch(dst.Dev(), grid3(dst), dst.Buf, dst.Off, src.Buf, soff, z, y, x, st[0], st[1], st[2])
}

// Flip reverses the order of the pixels along the chosen axes (clesperanto's flip;
// numpy.flip on those axes), as cpu.Flip: a copy with negated source strides.
//
//kernreg:op name=flip tags=transform ref="clesperanto flip (numpy.flip)" slices=coupled
func Flip(dst, image Array, p cpu.FlipParams) error {
	if err := checkPair("flip", dst.View, image.View); err != nil {
		return err
	}
	nz, ny, nx := image.dims3()
	off, st := image.Off, [3]int{ny * nx, nx, 1}
	n := [3]int{nz, ny, nx}
	for i, f := range []bool{p.FlipZ && len(image.Shape) == 3, p.FlipY, p.FlipX} {
		if f {
			off += (n[i] - 1) * st[i]
			st[i] = -st[i]
		}
	}
	return stridedCopy(dst.View, image.View, off, st)
}

// TransposeXY swaps the X and Y axes (clesperanto's transpose_xy), as cpu.TransposeXY:
// out[..., x, y] = in[..., y, x].
//
//kernreg:op name=transpose_xy tags=transform ref="clesperanto transpose_xy (numpy.swapaxes(image, -1, -2))" slices=independent
func TransposeXY(dst, image Array) error {
	const op = "transpose_xy"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.TransposeXYShape(image.Shape)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst.View, image.View, want); err != nil {
		return err
	}
	_, ny, nx := image.dims3()
	return stridedCopy(dst.View, image.View, image.Off, [3]int{ny * nx, 1, nx})
}

// TransposeXZ swaps the X and Z axes of a stack (clesperanto's transpose_xz), as
// cpu.TransposeXZ: out[x, y, z] = in[z, y, x].
//
//kernreg:op name=transpose_xz tags=transform ref="clesperanto transpose_xz (numpy.swapaxes(image, 0, 2))"
func TransposeXZ(dst, image Volume) error {
	return transposeVolume("transpose_xz", dst, image, cpu.TransposeXZShape, func(ny, nx int) [3]int { return [3]int{1, nx, ny * nx} })
}

// TransposeYZ swaps the Y and Z axes of a stack (clesperanto's transpose_yz), as
// cpu.TransposeYZ: out[y, z, x] = in[z, y, x].
//
//kernreg:op name=transpose_yz tags=transform ref="clesperanto transpose_yz (numpy.swapaxes(image, 0, 1))"
func TransposeYZ(dst, image Volume) error {
	return transposeVolume("transpose_yz", dst, image, cpu.TransposeYZShape, func(ny, nx int) [3]int { return [3]int{nx, ny * nx, 1} })
}

// transposeVolume copies image into dst of shape(image) with the source strides of the
// output's axes that strides gives for the image's (ny, nx).
func transposeVolume(op string, dst, image Volume, shape func([]int) ([]int, error), strides func(ny, nx int) [3]int) error {
	want, err := shape(image.Shape)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst.View, image.View, want); err != nil {
		return err
	}
	return stridedCopy(dst.View, image.View, image.Off, strides(image.Shape[1], image.Shape[2]))
}

// Crop removes crop_width pixels from the edges of every axis, as skimage.util.crop and
// cpu.Crop: out = in[b0:n0-a0, b1:n1-a1, ...], a copy from the crop's first element.
//
//kernreg:op name=crop tags=transform ref=skimage.util.crop slices=coupled
func Crop(dst, image Array, p cpu.CropParams) error {
	const op = "crop"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.CropShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst.View, image.View, want); err != nil {
		return err
	}
	w, _ := cpu.PadPairs(op, "crop_width", p.CropWidth, len(image.Shape))
	_, ny, nx := image.dims3()
	st := [3]int{ny * nx, nx, 1}
	off := image.Off
	for i := range w {
		off += w[i][0] * st[axis3(len(w), i)]
	}
	return stridedCopy(dst.View, image.View, off, st)
}

// Pad extends an image by pad_width pixels at the edges of every axis, filled as
// numpy.pad fills them for mode (constant, edge, reflect, symmetric, wrap; widths larger
// than the axis repeat the pattern), as cpu.Pad; constant_values is rounded to float32.
//
//kernreg:op name=pad tags=transform ref=numpy.pad slices=coupled
func Pad(dst, image Array, p cpu.PadParams) error {
	const op = "pad"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.PadShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst.View, image.View, want); err != nil {
		return err
	}
	mode, err := cpu.PadMode(p.Mode)
	if err != nil {
		return err
	}
	w, _ := cpu.PadPairs(op, "pad_width", p.PadWidth, len(image.Shape))
	var b [3]int
	for i := range w {
		b[axis3(len(w), i)] = w[i][0]
	}
	nz, ny, nx := image.dims3()
	oz, oy, ox := dst.dims3()
	return kPad.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, image.Buf, image.Off,
		oz, oy, ox, nz, ny, nx, b[0], b[1], b[2], int(mode), float32(p.ConstantValues))
}

// DownscaleLocalMean shrinks an image by integer factors, each output pixel the mean of
// one block of factor pixels per axis, as skimage.transform.downscale_local_mean and
// cpu.DownscaleLocalMean: blocks past the far edges are completed with cval (rounded to
// float32); the block's pixels are summed in real in C order, then divided by its size.
//
//kernreg:op name=downscale_local_mean tags=transform ref=skimage.transform.downscale_local_mean slices=coupled
func DownscaleLocalMean(dst, image Array, p cpu.DownscaleLocalMeanParams) error {
	const op = "downscale_local_mean"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.DownscaleLocalMeanShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst.View, image.View, want); err != nil {
		return err
	}
	f, _ := perAxisInts(op, p.Factors, len(image.Shape))
	n := [3]int{}
	n[0], n[1], n[2] = image.dims3()
	fc := [3]int{1, 1, 1} // the factors, at most the axis lengths (kernel ints)
	bsize := 1.0
	for i := range f {
		a := axis3(len(f), i)
		fc[a] = min(f[i], n[a])
		bsize *= float64(f[i])
	}
	oz, oy, ox := dst.dims3()
	return kDownscaleLocalMean.Launch(dst.Dev(), grid3(dst.View), dst.Buf, dst.Off, image.Buf, image.Off,
		oz, oy, ox, n[0], n[1], n[2], fc[0], fc[1], fc[2], bsize, float64(float32(p.Cval)))
}
