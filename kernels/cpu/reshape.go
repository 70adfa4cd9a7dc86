package cpu

import "fmt"

// This file holds the transforms that move pixels without interpolating: flips,
// transposes, crop, pad and block averaging.

// FlipParams are the parameters of Flip.
type FlipParams struct {
	// Reverse the X axis.
	FlipX bool `default:"true"`
	// Reverse the Y axis.
	FlipY bool `default:"true"`
	// Reverse the Z axis (ignored for a 2D image).
	FlipZ bool `default:"true"`
}

// Flip reverses the order of the pixels along the chosen axes, by default all of them
// (clesperanto's flip; numpy.flip on those axes).
//
//kernreg:op name=flip tags=transform ref="clesperanto flip (numpy.flip)" slices=coupled
func Flip(dst, image Array, p FlipParams) error {
	if err := checkPair("flip", dst, image); err != nil {
		return err
	}
	nz, ny, nx := dims3(image.Shape)
	fz := p.FlipZ && len(image.Shape) == 3
	parallel(nz*ny, max(1, 4096/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			if fz {
				z = nz - 1 - z
			}
			if p.FlipY {
				y = ny - 1 - y
			}
			src := image.Data[(z*ny+y)*nx:][:nx]
			out := dst.Data[r*nx:][:nx]
			if p.FlipX {
				for i, v := range src {
					out[nx-1-i] = v
				}
			} else {
				copy(out, src)
			}
		}
	})
	return nil
}

// TransposeXYShape is the output shape of TransposeXY: the last two axes swapped.
func TransposeXYShape(in []int) ([]int, error) {
	out := append([]int(nil), in...)
	n := len(out)
	if n < 2 {
		return nil, fmt.Errorf("transpose_xy: needs a 2D or 3D image, got shape %v", in)
	}
	out[n-1], out[n-2] = out[n-2], out[n-1]
	return out, nil
}

// TransposeXY swaps the X and Y axes (clesperanto's transpose_xy). A (Y, X) image becomes
// (X, Y), a (Z, Y, X) stack (Z, X, Y): out[..., x, y] = in[..., y, x].
//
//kernreg:op name=transpose_xy tags=transform ref="clesperanto transpose_xy (numpy.swapaxes(image, -1, -2))" slices=independent shape=TransposeXYShape
func TransposeXY(dst, image Array) error {
	const op = "transpose_xy"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, _ := TransposeXYShape(image.Shape)
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	nz, ny, nx := dims3(image.Shape)
	for z := 0; z < nz; z++ {
		n := ny * nx
		transposePlane(dst.Data[z*n:(z+1)*n], image.Data[z*n:(z+1)*n], ny, nx)
	}
	return nil
}

// transposePlane writes the transpose of the (ny, nx) plane src into dst (nx, ny), in
// tiles so that both sides are read and written a cache line at a time.
func transposePlane(dst, src []float32, ny, nx int) {
	const tile = 32
	tilesY := (ny + tile - 1) / tile
	parallel(tilesY, max(1, 16384/(tile*nx)), func(lo, hi int) {
		for ty := lo; ty < hi; ty++ {
			y0, y1 := ty*tile, min(ty*tile+tile, ny)
			for x0 := 0; x0 < nx; x0 += tile {
				x1 := min(x0+tile, nx)
				for y := y0; y < y1; y++ {
					row := src[y*nx:]
					for x := x0; x < x1; x++ {
						dst[x*ny+y] = row[x]
					}
				}
			}
		}
	})
}

// TransposeXZShape is the output shape of TransposeXZ: (Z, Y, X) becomes (X, Y, Z).
func TransposeXZShape(in []int) ([]int, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("transpose_xz: needs a 3D image, got shape %v", in)
	}
	return []int{in[2], in[1], in[0]}, nil
}

// TransposeXZ swaps the X and Z axes of a stack (clesperanto's transpose_xz). (Z, Y, X)
// becomes (X, Y, Z): out[x, y, z] = in[z, y, x]; a 2D image is a 1-slice stack.
//
//kernreg:op name=transpose_xz tags=transform ref="clesperanto transpose_xz (numpy.swapaxes(image, 0, 2))" shape=TransposeXZShape
func TransposeXZ(dst, image Volume) error {
	const op = "transpose_xz"
	want, err := TransposeXZShape(image.Shape)
	if err != nil {
		return err
	}
	if err := checkVolumes(op, dst, image, want); err != nil {
		return err
	}
	nz, ny, nx := image.Shape[0], image.Shape[1], image.Shape[2]
	// For each y the (Z, X) plane is transposed into the (X, Z) plane of out[:, y, :].
	parallel(ny, 1, func(lo, hi int) {
		for y := lo; y < hi; y++ {
			for x := 0; x < nx; x++ {
				out := dst.Data[(x*ny+y)*nz:][:nz]
				for z := range out {
					out[z] = image.Data[(z*ny+y)*nx+x]
				}
			}
		}
	})
	return nil
}

// TransposeYZShape is the output shape of TransposeYZ: (Z, Y, X) becomes (Y, Z, X).
func TransposeYZShape(in []int) ([]int, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("transpose_yz: needs a 3D image, got shape %v", in)
	}
	return []int{in[1], in[0], in[2]}, nil
}

// TransposeYZ swaps the Y and Z axes of a stack (clesperanto's transpose_yz). (Z, Y, X)
// becomes (Y, Z, X): out[y, z, x] = in[z, y, x]; a 2D image is a 1-slice stack.
//
//kernreg:op name=transpose_yz tags=transform ref="clesperanto transpose_yz (numpy.swapaxes(image, 0, 1))" shape=TransposeYZShape
func TransposeYZ(dst, image Volume) error {
	const op = "transpose_yz"
	want, err := TransposeYZShape(image.Shape)
	if err != nil {
		return err
	}
	if err := checkVolumes(op, dst, image, want); err != nil {
		return err
	}
	nz, ny, nx := image.Shape[0], image.Shape[1], image.Shape[2]
	parallel(ny*nz, max(1, 4096/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			y, z := r/nz, r%nz
			copy(dst.Data[r*nx:(r+1)*nx], image.Data[(z*ny+y)*nx:][:nx])
		}
	})
	return nil
}

// checkVolumes checks a PURE_3D src and a dst of shape want.
func checkVolumes(op string, dst, src Volume, want []int) error {
	if err := checkData(op, src.Shape, len(src.Data)); err != nil {
		return err
	}
	return checkOut(op, Array(dst), want)
}

// PadPairs expands a numpy-style width (one value; a (before, after) pair for every
// axis; or a pair per axis) into per-axis (before, after) pairs; crop and pad use it on
// every backend.
func PadPairs(op, name string, v []int, rank int) ([][2]int, error) {
	out := make([][2]int, rank)
	switch len(v) {
	case 1:
		for i := range out {
			out[i] = [2]int{v[0], v[0]}
		}
	case 2:
		for i := range out {
			out[i] = [2]int{v[0], v[1]}
		}
	case 2 * rank:
		for i := range out {
			out[i] = [2]int{v[2*i], v[2*i+1]}
		}
	default:
		return nil, fmt.Errorf("%s: %s wants 1 value, a (before, after) pair or %d values (a pair per axis), got %d",
			op, name, 2*rank, len(v))
	}
	for _, p := range out {
		if p[0] < 0 || p[1] < 0 || p[0] > 1<<40 || p[1] > 1<<40 {
			return nil, fmt.Errorf("%s: %s must be in [0, 2^40], got %v", op, name, v)
		}
	}
	return out, nil
}

// CropParams are the parameters of Crop.
type CropParams struct {
	// Pixels removed from the edges: one value for every side, a (before, after) pair for every axis, or a pair per axis (Z before, Z after, Y before, ...).
	CropWidth []int `min:"0"`
}

// CropShape is the output shape of Crop: each axis shortened by its two crop widths.
func CropShape(in []int, p CropParams) ([]int, error) {
	w, err := PadPairs("crop", "crop_width", p.CropWidth, len(in))
	if err != nil {
		return nil, err
	}
	out := make([]int, len(in))
	for i, d := range in {
		out[i] = d - w[i][0] - w[i][1]
		if out[i] < 1 {
			return nil, fmt.Errorf("crop: crop_width %v leaves nothing of axis %d (length %d)", p.CropWidth, i, d)
		}
	}
	return out, nil
}

// Crop removes crop_width pixels from the edges of every axis, as skimage.util.crop:
// out = in[b0:n0-a0, b1:n1-a1, ...], crop_width following numpy.pad's pad_width.
//
//kernreg:op name=crop tags=transform ref=skimage.util.crop slices=coupled shape=CropShape
func Crop(dst, image Array, p CropParams) error {
	const op = "crop"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, err := CropShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	w, _ := PadPairs(op, "crop_width", p.CropWidth, len(image.Shape))
	z0 := 0
	if len(image.Shape) == 3 {
		z0, w = w[0][0], w[1:]
	}
	_, ny, nx := dims3(image.Shape)
	oz, oy, ox := dims3(want)
	y0, x0 := w[0][0], w[1][0]
	parallel(oz*oy, max(1, 4096/ox), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/oy+z0, r%oy+y0
			copy(dst.Data[r*ox:(r+1)*ox], image.Data[(z*ny+y)*nx+x0:][:ox])
		}
	})
	return nil
}

// PadParams are the parameters of Pad.
type PadParams struct {
	// Pixels added at the edges: one value for every side, a (before, after) pair for every axis, or a pair per axis (Z before, Z after, Y before, ...).
	PadWidth []int `min:"0"`
	// How the new pixels are filled, with numpy.pad's names: constant (constant_values), edge (the edge pixel), reflect (mirrored without repeating the edge), symmetric (mirrored with the edge), wrap (periodic).
	Mode string `default:"constant" enum:"constant,edge,reflect,symmetric,wrap"`
	// The value of the new pixels in constant mode.
	ConstantValues float64 `default:"0"`
}

// PadShape is the output shape of Pad: each axis lengthened by its two pad widths.
func PadShape(in []int, p PadParams) ([]int, error) {
	w, err := PadPairs("pad", "pad_width", p.PadWidth, len(in))
	if err != nil {
		return nil, err
	}
	out := make([]int, len(in))
	for i, d := range in {
		out[i] = d + w[i][0] + w[i][1]
	}
	return out, nil
}

// numpyPadModes maps numpy.pad's mode names to the boundary modes (scipy names) that
// extend an axis the same way, however wide the padding.
var numpyPadModes = map[string]Mode{"constant": Constant, "edge": Nearest, "reflect": Mirror, "symmetric": Reflect, "wrap": Wrap}

// PadMode returns the boundary mode that extends an axis as numpy.pad's mode does.
func PadMode(mode string) (Mode, error) {
	m, ok := numpyPadModes[mode]
	if !ok {
		return 0, fmt.Errorf("pad: mode must be one of constant, edge, reflect, symmetric, wrap, got %q", mode)
	}
	return m, nil
}

// Pad extends an image by pad_width pixels at the edges of every axis, filled as
// numpy.pad fills them for mode. Widths larger than the axis repeat the pattern, as in
// numpy; constant_values is rounded to float32.
//
//kernreg:op name=pad tags=transform ref=numpy.pad slices=coupled shape=PadShape
func Pad(dst, image Array, p PadParams) error {
	const op = "pad"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, err := PadShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	mode, err := PadMode(p.Mode)
	if err != nil {
		return err
	}
	w, _ := PadPairs(op, "pad_width", p.PadWidth, len(image.Shape))
	var zb int
	if len(image.Shape) == 3 {
		zb, w = w[0][0], w[1:]
	}
	nz, ny, nx := dims3(image.Shape)
	oz, oy, ox := dims3(want)
	yb, xb := w[0][0], w[1][0]
	cval := float32(p.ConstantValues)
	xs := make([]int, ox) // source column of each output column, -1 for cval
	for i := range xs {
		xs[i] = mode.index(i-xb, nx)
	}
	parallel(oz*oy, max(1, 4096/ox), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			out := dst.Data[r*ox : (r+1)*ox]
			z, y := mode.index(r/oy-zb, nz), mode.index(r%oy-yb, ny)
			if z < 0 || y < 0 {
				for i := range out {
					out[i] = cval
				}
				continue
			}
			row := image.Data[(z*ny+y)*nx:][:nx]
			for i, s := range xs {
				if s < 0 {
					out[i] = cval
				} else {
					out[i] = row[s]
				}
			}
		}
	})
	return nil
}

// DownscaleLocalMeanParams are the parameters of DownscaleLocalMean.
type DownscaleLocalMeanParams struct {
	// Integer down-sampling factor, one for every axis or one per axis (Z, Y, X).
	Factors []int `min:"1"`
	// Value of the padding that completes blocks at the far edges.
	Cval float64 `default:"0"`
}

// DownscaleLocalMeanShape is the output shape of DownscaleLocalMean: ceil(n/factor) on
// each axis.
func DownscaleLocalMeanShape(in []int, p DownscaleLocalMeanParams) ([]int, error) {
	f, err := perAxisInts("downscale_local_mean: factors", p.Factors, len(in))
	if err != nil {
		return nil, err
	}
	out := make([]int, len(in))
	for i, d := range in {
		if f[i] < 1 || f[i] > 1<<40 {
			return nil, fmt.Errorf("downscale_local_mean: factors must be in [1, 2^40], got %v", p.Factors)
		}
		out[i] = (d + f[i] - 1) / f[i]
	}
	return out, nil
}

// DownscaleLocalMean shrinks an image by integer factors, each output pixel the mean of
// one block of factor pixels per axis. Blocks that run past the far edges are completed
// with cval (rounded to float32), as skimage.transform.downscale_local_mean pads. Sums
// are taken in float64.
//
//kernreg:op name=downscale_local_mean tags=transform ref=skimage.transform.downscale_local_mean slices=coupled shape=DownscaleLocalMeanShape
func DownscaleLocalMean(dst, image Array, p DownscaleLocalMeanParams) error {
	const op = "downscale_local_mean"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, err := DownscaleLocalMeanShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	f, _ := perAxisInts(op, p.Factors, len(image.Shape))
	fz := 1
	if len(f) == 3 {
		fz, f = f[0], f[1:]
	}
	fy, fx := f[0], f[1]
	nz, ny, nx := dims3(image.Shape)
	oz, oy, ox := dims3(want)
	cval := float64(float32(p.Cval))
	n := float64(fz) * float64(fy) * float64(fx)
	parallel(oz*oy, max(1, 1024/ox), func(lo, hi int) {
		acc := make([]float64, ox)
		for r := lo; r < hi; r++ {
			z0, y0 := (r/oy)*fz, (r%oy)*fy
			clear(acc)
			missing := 0 // rows of the block past the edge
			for z := z0; z < z0+fz; z++ {
				for y := y0; y < y0+fy; y++ {
					if z >= nz || y >= ny {
						missing++
						continue
					}
					row := image.Data[(z*ny+y)*nx:][:nx]
					for i, v := range row {
						acc[i/fx] += float64(v)
					}
				}
			}
			tail := ox*fx - nx // columns past the edge in the last block
			out := dst.Data[r*ox : (r+1)*ox]
			for i := range out {
				pad := missing * fx
				if i == ox-1 {
					pad += (fz*fy - missing) * tail
				}
				out[i] = float32((acc[i] + float64(pad)*cval) / n)
			}
		}
	})
	return nil
}
