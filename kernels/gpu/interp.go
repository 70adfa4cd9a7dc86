package gpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Spline interpolation runs as kernels/cpu's (scipy.ndimage's) does, in real: the image
// goes into a real buffer (padded by 12 samples for nearest and grid-constant when it is
// prefiltered), is turned into B-spline coefficients by a recursive filter per line
// along each interpolated axis, and one work item per output element then maps its
// coordinate, finds its taps and weights and sums its footprint.

var (
	srcInterp = source("interp.cl")

	kPadToReal        = kernel(srcInterp, "pad_to_real", Buf, Int, Int, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Real)
	kStoreReal        = kernel(srcInterp, "store_real", Buf, Int, Buf, Int)
	kSplineGain       = kernel(srcInterp, "spline_gain", Buf, Int, Real)
	kSplineCausal     = kernel(srcInterp, "spline_causal", Buf, Buf, Buf, Int, Int, Int, Int, Real, Int)
	kSplineAnticausal = kernel(srcInterp, "spline_anticausal", Buf, Buf, Buf, Int, Int, Int, Int, Real, Int)
	kResample         = kernel(srcInterp, "resample", Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Buf, Int, Int, Int, Int, Real)
	kResampleO1       = kernel(srcInterp, "resample_o1", Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Buf, Int, Int, Int, Int, Real)
	kResampleO3       = kernel(srcInterp, "resample_o3", Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Buf, Int, Int, Int, Int, Real)
	kTapTable         = kernel(srcInterp, "tap_table", Buf, Buf, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int,
		Real, Real, Real, Real, Real, Real, Real, Real, Real, Int, Int)
	// kResampleTable by coefficient type (real, float32), whether taps may fall outside
	// the image (grid-constant mode), and order (-1: any other).
	kResampleTable = [2][2]map[int]*Kernel{{{
		-1: resampleTableKernel("resample_table"),
		0:  resampleTableKernel("resample_table_o0"),
		1:  resampleTableKernel("resample_table_o1"),
		3:  resampleTableKernel("resample_table_o3"),
	}, {
		-1: resampleTableKernel("resample_table"),
		0:  resampleTableKernel("resample_table_o0_edge"),
		1:  resampleTableKernel("resample_table_o1_edge"),
		3:  resampleTableKernel("resample_table_o3_edge"),
	}}, {{
		-1: resampleTableKernel("resample_table_float"),
		0:  resampleTableKernel("resample_table_o0_float"),
		1:  resampleTableKernel("resample_table_o1_float"),
	}, {
		-1: resampleTableKernel("resample_table_float"),
		0:  resampleTableKernel("resample_table_o0_float_edge"),
		1:  resampleTableKernel("resample_table_o1_float_edge"),
	}}}
)

func resampleTableKernel(name string) *Kernel {
	return kernel(srcInterp, name, Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Int, Buf, Buf, Buf, Int, Int, Real, Int)
}

// realScratch allocates a temporary buffer of n reals (see scratch).
func realScratch(dev Device, op string, n int) (Buffer, error) {
	size := int64(4)
	if dev.Float64() {
		size = 8
	}
	b, err := dev.Alloc(int64(max(n, 1)) * size)
	if err != nil {
		return nil, fmt.Errorf("%s: scratch buffer: %w", op, err)
	}
	return b, nil
}

// coefficients are an image in a real buffer of shape (Z, Y, X), padded by pad samples
// on every side of the axes that were padded.
type coefficients struct {
	buf   Buffer
	shape [3]int
	pad   [3]int
}

// toCoefficients copies image into a new real buffer, padded on the axes in active by
// pad samples (the nearest edge value when edge, else k), and spline-filters it along
// each active axis when order > 1 with the boundary condition of mode. The caller
// releases the buffer.
func toCoefficients(op string, image View, active [3]bool, pad int, edge bool, k float64, filter bool, order, mode int) (coefficients, error) {
	dev := image.Dev()
	z, y, x := image.dims3()
	c := coefficients{shape: [3]int{z, y, x}}
	n := 1
	for h := range c.shape {
		if active[h] {
			c.pad[h] = pad
			c.shape[h] += 2 * pad
		}
		n *= c.shape[h]
	}
	if n >= 1<<31 {
		return c, fmt.Errorf("%s: the padded image %v has %d elements; GPU kernels index with 32-bit ints", op, c.shape, n)
	}
	b, err := realScratch(dev, op, n)
	if err != nil {
		return c, err
	}
	c.buf = b
	err = kPadToReal.Launch(dev, []int{c.shape[2], c.shape[1], c.shape[0]}, b, c.shape[0], c.shape[1], c.shape[2],
		image.Buf, image.Off, z, y, x, c.pad[0], c.pad[1], c.pad[2], b2i(edge), k)
	if err == nil && filter {
		err = c.splineFilter(op, order, mode, active)
	}
	if err != nil {
		b.Release()
	}
	return c, err
}

// splineFilter turns c into B-spline coefficients along each active axis (kernels/cpu's
// filterAxes, which skips axes of length 1): the poles' gain, then per pole the causal
// and anticausal recursions of interp.cl, by segments of lines (see spline_causal).
func (c coefficients) splineFilter(op string, order, mode int, active [3]bool) error {
	dev := c.buf.Device()
	poles := cpu.SplinePoles(order)
	gain := 1.0
	for _, z := range poles {
		gain *= (1 - z) * (1 - 1/z)
	}
	n := c.shape[0] * c.shape[1] * c.shape[2]
	tmp, err := realScratch(dev, op, n)
	if err != nil {
		return err
	}
	defer tmp.Release()
	for h, on := range active {
		if !on || c.shape[h] < 2 {
			continue
		}
		lines := n / c.shape[h]
		items := lines * ((c.shape[h] + splineSeg - 1) / splineSeg)
		if err := kSplineGain.Launch(dev, []int{n}, c.buf, n, gain); err != nil {
			return err
		}
		flag, err := nonfiniteLines(op, dev, c.buf, c.shape[0], c.shape[1], c.shape[2], h)
		if err != nil {
			return err
		}
		defer flag.Release()
		for _, z := range poles {
			if err := kSplineCausal.Launch(dev, []int{items}, tmp, c.buf, flag, c.shape[0], c.shape[1], c.shape[2], h, z, mode); err != nil {
				return err
			}
			if err := kSplineAnticausal.Launch(dev, []int{items}, c.buf, tmp, flag, c.shape[0], c.shape[1], c.shape[2], h, z, mode); err != nil {
				return err
			}
		}
	}
	return nil
}

// splineSeg is SPL_SEG of interp.cl: the samples of a line each prefilter work item writes.
const splineSeg = 64

// resampling is one interpolation: the spline, the mode, and how the input coordinate
// of each output element is computed (see resample in interp.cl).
type resampling struct {
	op        string
	order     int
	mode      int // scipy's NI_ExtendMode, as cpu.InterpArgs returns it
	cval      float64
	prefilter bool
	// active marks the interpolated axes (Z, Y, X); the others pass through.
	active [3]bool
	affine bool
	// xf holds per axis (a, b, c) of ((k + a)*b + c), or, when affine, the 3x3 matrix
	// then the offset.
	xf [12]float64
}

// newResampling is a resampling of every axis of a rank-D image.
func newResampling(op string, rank, order, mode int, cval float64, prefilter bool) *resampling {
	r := &resampling{op: op, order: order, mode: mode, cval: cval, prefilter: prefilter}
	for h := 3 - rank; h < 3; h++ {
		r.active[h] = true
	}
	return r
}

// setAxis sets the coordinate ((k + a)*b + c) of a separable resampling on kernel axis h.
func (r *resampling) setAxis(h int, a, b, c float64) {
	r.xf[3*h], r.xf[3*h+1], r.xf[3*h+2] = a, b, c
}

// run interpolates image into dst, prefiltering first as kernels/cpu's newInterpSource
// does (only when prefilter and order > 1, with the padding of the mode).
func (r *resampling) run(dst, image View) error {
	dev := dst.Dev()
	filter := r.prefilter && r.order > 1
	pad := 0
	if filter {
		pad = cpu.SplinePrepad(r.mode)
	}
	if !filter && !r.affine {
		// Nothing to prefilter or pad: the image's values are the coefficients.
		z, y, x := image.dims3()
		c := coefficients{buf: image.Buf, shape: [3]int{z, y, x}}
		return r.runTables(dst, c, image.Off, true)
	}
	// grid-constant pads with cval rounded to float32, as scipy pads the float32 input.
	c, err := toCoefficients(r.op, image, r.active, pad, r.mode == cpu.SplineNearest, float64(float32(r.cval)), filter, r.order, r.mode)
	if err != nil {
		return err
	}
	defer c.buf.Release()
	if !r.affine {
		return r.runTables(dst, c, 0, false)
	}
	xb, pass, err := r.transform(dev, c)
	if err != nil {
		return err
	}
	defer xb.Release()
	oz, oy, ox := dst.dims3()
	k := kResample
	switch r.order {
	case 1:
		k = kResampleO1
	case 3:
		k = kResampleO3
	}
	return k.Launch(dev, grid3(dst), dst.Buf, dst.Off, oz, oy, ox, c.buf, c.shape[0], c.shape[1], c.shape[2],
		xb, b2i(r.affine), pass, r.order, r.mode, r.cval)
}

// transform uploads the coordinate transform of resample (xf, with the
// coefficients' padding) and returns the pass-through axes' bits.
func (r *resampling) transform(dev Device, c coefficients) (Buffer, int, error) {
	xf := make([]float64, 15)
	copy(xf, r.xf[:])
	for h := range 3 {
		xf[12+h] = float64(c.pad[h])
	}
	pass := r.passBits()
	xb, err := realBuffer(dev, r.op, xf)
	return xb, pass, err
}

// passBits has bit h set for each axis h (0 = Z) that passes through.
func (r *resampling) passBits() int {
	pass := 0
	for h, on := range r.active {
		if !on {
			pass |= 1 << h
		}
	}
	return pass
}

// runTables is run's last step for a separable resampling: each axis's taps and weights
// are computed once per output index (tap_table), and resample_table sums from them,
// reading the coefficients from element coff of c's buffer, float32 ones when float.
func (r *resampling) runTables(dst View, c coefficients, coff int, float bool) error {
	dev := dst.Dev()
	if !r.active[2] {
		return fmt.Errorf("%s: a separable resampling must interpolate the last axis", r.op)
	}
	oz, oy, ox := dst.dims3()
	m := oz + oy + ox
	idx, err := scratch(dev, r.op, 6*m)
	if err != nil {
		return err
	}
	defer idx.Release()
	ok, err := scratch(dev, r.op, m)
	if err != nil {
		return err
	}
	defer ok.Release()
	w, err := realScratch(dev, r.op, 6*m)
	if err != nil {
		return err
	}
	defer w.Release()
	// One launch for the three axes' tables, the transform passed as arguments: no
	// upload, which would wait for the device.
	pass := r.passBits()
	x := r.xf
	err = kTapTable.Launch(dev, []int{m}, idx, w, ok, oz, oy, ox, c.shape[0], c.shape[1], c.shape[2],
		c.pad[0], c.pad[1], c.pad[2], pass, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], r.order, r.mode)
	if err != nil {
		return err
	}
	kernels := kResampleTable[b2i(float)][b2i(r.mode == cpu.SplineGridConstant)]
	// The order 0 and 1 kernels write two outputs per item, x and x + half, so that
	// each item shares its Y and Z taps and has twice the loads in flight; they
	// interpolate Y always, so a line (Y passing through) takes the generic kernel.
	k, found := kernels[r.order]
	if !found || (r.order <= 1 && !r.active[1]) {
		k, found = kernels[-1], false
	}
	half := ox
	if found && r.order <= 1 {
		half = (ox + 1) / 2
	}
	return k.Launch(dev, []int{half, oy, oz}, dst.Buf, dst.Off, oz, oy, ox, c.buf, coff, c.shape[0], c.shape[1], c.shape[2],
		idx, w, ok, pass, r.order, r.cval, half)
}

// checkResampled checks image and a dst of the shape want on one device.
func checkResampled(op string, dst, image View, want []int) error {
	if err := image.check(op, "image"); err != nil {
		return err
	}
	if err := dst.check(op, "dst"); err != nil {
		return err
	}
	if dst.Dev() != image.Dev() {
		return fmt.Errorf("%s: dst is on %v, image on %v", op, dst.Dev(), image.Dev())
	}
	if err := sameShape(op, View{Shape: want}, dst); err != nil {
		return fmt.Errorf("%s: dst shape %v, want %v", op, dst.Shape, want)
	}
	return nil
}

// Zoom resamples an image by spline interpolation to round(n*zoom) samples per axis, as
// kernels/cpu's Zoom: output index k along an axis of n input and m output samples
// reads the input at k*(n-1)/(m-1) (factor 1 when m is 1), or with grid_mode at
// (k+0.5)*n/m - 0.5. With order > 1 and prefilter the image is first turned into
// B-spline coefficients in real with the boundary condition of mode (nearest and
// grid-constant pad 12 samples first); coordinates and taps past the edges are extended
// by mode, constant gives cval outside [0, n-1], grid-constant interpolates with cval
// beyond the edge.
//
//kernreg:op name=zoom tags=transform,interpolation ref=scipy.ndimage.zoom slices=coupled
func Zoom(dst, image Array, p cpu.ZoomParams) error {
	const op = "zoom"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.ZoomShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkResampled(op, dst.View, image.View, want); err != nil {
		return err
	}
	mode, err := cpu.InterpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	rank := len(image.Shape)
	r := newResampling(op, rank, p.Order, mode, p.Cval, p.Prefilter)
	for axis, out := range want {
		f := cpu.ZoomFactor(image.Shape[axis], out, p.GridMode)
		if p.GridMode {
			r.setAxis(axis3(rank, axis), 0.5, f, -0.5)
		} else {
			r.setAxis(axis3(rank, axis), 0, f, 0)
		}
	}
	return r.run(dst.View, image.View)
}

// Shift moves an image by a (sub-pixel) shift per axis with spline interpolation, as
// kernels/cpu's Shift: output index k reads the input at k - shift, with the prefilter,
// edge modes and cval rules of Zoom.
//
//kernreg:op name=shift tags=transform,interpolation ref=scipy.ndimage.shift slices=coupled
func Shift(dst, image Array, p cpu.ShiftParams) error {
	const op = "shift"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	rank := len(image.Shape)
	shift, err := cpu.ShiftVector(rank, p)
	if err != nil {
		return err
	}
	mode, err := cpu.InterpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	r := newResampling(op, rank, p.Order, mode, p.Cval, p.Prefilter)
	for axis, s := range shift {
		r.setAxis(axis3(rank, axis), -s, 1, 0)
	}
	return r.run(dst.View, image.View)
}

// setMatrix makes r affine with the rank x rank matrix m (row-major) and offset on
// the image axes axes (kernel axes for a rank-D image); the other axes pass through.
func (r *resampling) setMatrix(rank int, axes []int, m, offset []float64) {
	r.affine = true
	r.active = [3]bool{}
	for i, a := range axes {
		h := axis3(rank, a)
		r.active[h] = true
		r.xf[9+h] = offset[i]
		for j, b := range axes {
			r.xf[3*h+axis3(rank, b)] = m[i*len(axes)+j]
		}
	}
}

// AffineTransform resamples an image at affinely mapped coordinates with spline
// interpolation, as kernels/cpu's AffineTransform: output index o reads the input at
// matrix·o + offset, summed per element in the reference's order (a 1D matrix is a
// diagonal, evaluated as (o + offset/m)*m per axis). Prefilter, edge modes and cval
// work as in Zoom.
//
//kernreg:op name=affine_transform tags=transform,interpolation ref=scipy.ndimage.affine_transform slices=coupled
func AffineTransform(dst, image Array, p cpu.AffineTransformParams) error {
	const op = "affine_transform"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	want, err := cpu.AffineTransformShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkResampled(op, dst.View, image.View, want); err != nil {
		return err
	}
	rank := len(image.Shape)
	m, offset, diag, err := cpu.ParseAffine(rank, p)
	if err != nil {
		return err
	}
	mode, err := cpu.InterpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	r := newResampling(op, rank, p.Order, mode, p.Cval, p.Prefilter)
	if diag {
		for axis, zoom := range m {
			r.setAxis(axis3(rank, axis), offset[axis]/zoom, zoom, 0)
		}
	} else {
		axes := []int{0, 1, 2}[:rank]
		r.setMatrix(rank, axes, m, offset)
	}
	return r.run(dst.View, image.View)
}

// Rotate rotates an image by angle degrees in the plane of two axes about the centre of
// the plane with spline interpolation, as kernels/cpu's Rotate: output (i, j) of the
// plane reads the input at [[c, s], [-s, c]]·(i, j) + offset (c and s exact at
// multiples of 90°), offset mapping the output centre to the input centre. A 3D image
// is rotated plane by plane: its coefficients are prefiltered (and padded) along the
// two plane axes only, as scipy prefilters each plane on its own. Edge modes and cval
// work as in Zoom.
//
//kernreg:op name=rotate tags=transform,interpolation ref=scipy.ndimage.rotate slices=coupled
func Rotate(dst, image Array, p cpu.RotateParams) error {
	const op = "rotate"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	axes, m, offset, err := cpu.ParseRotation(image.Shape, p)
	if err != nil {
		return err
	}
	want, err := cpu.RotateShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkResampled(op, dst.View, image.View, want); err != nil {
		return err
	}
	mode, err := cpu.InterpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	r := newResampling(op, len(image.Shape), p.Order, mode, p.Cval, p.Prefilter)
	r.setMatrix(len(image.Shape), axes[:], m, offset)
	return r.run(dst.View, image.View)
}

// SplineFilter computes the B-spline coefficients of an image, as kernels/cpu's
// SplineFilter: along every axis longer than 1, a gain and a causal and anticausal
// recursion per pole of the spline of the given order, started from the boundary
// condition of mode, computed in real on one work item per line and stored as float32.
//
//kernreg:op name=spline_filter tags=transform,interpolation ref=scipy.ndimage.spline_filter slices=coupled
func SplineFilter(dst, image Array, p cpu.SplineFilterParams) error {
	const op = "spline_filter"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	mode, err := cpu.SplineFilterMode(p)
	if err != nil {
		return err
	}
	active := [3]bool{len(image.Shape) == 3, true, true}
	c, err := toCoefficients(op, image.View, active, 0, false, 0, true, p.Order, mode)
	if err != nil {
		return err
	}
	defer c.buf.Release()
	n := dst.Len()
	return kStoreReal.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, c.buf, n)
}

// Resize resamples an image to output_shape as kernels/cpu's Resize
// (skimage.transform.resize on float images): with anti_aliasing the image is first
// smoothed by GaussianFilter on the axes that shrink, then Zoom with grid_mode and
// prefilter interpolates it, with numpy.pad's modes translated as skimage does; with
// clip the result is clipped to the input's range (widened to cval in constant mode as
// skimage does; not clipped when the input holds a NaN). The ranges are reduced on the
// device; the host picks the bounds from them.
//
//kernreg:op name=resize tags=transform,interpolation ref=skimage.transform.resize slices=coupled
func Resize(dst, image Array, p cpu.ResizeParams) error {
	const op = "resize"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	plan, err := cpu.ResizePlan(image.Shape, p)
	if err != nil {
		return err
	}
	return resize(op, dst.View, image.View, plan)
}

// Rescale resizes an image by a scale factor per axis as kernels/cpu's Rescale
// (skimage.transform.rescale): Resize to max(round(scale*n), 1) pixels per axis, with
// the same anti-aliasing, interpolation, modes and clipping.
//
//kernreg:op name=rescale tags=transform,interpolation ref=skimage.transform.rescale slices=coupled
func Rescale(dst, image Array, p cpu.RescaleParams) error {
	const op = "rescale"
	if err := image.check(op, "image"); err != nil {
		return err
	}
	plan, err := cpu.RescalePlan(image.Shape, p)
	if err != nil {
		return err
	}
	return resize(op, dst.View, image.View, plan)
}

// resize runs a validated Resize or Rescale.
func resize(op string, dst, image View, plan cpu.ResamplePlan) error {
	if err := checkResampled(op, dst, image, plan.Shape); err != nil {
		return err
	}
	in, err := deviceRange(op, image)
	if err != nil {
		return err
	}
	filtered := image
	if plan.Smooth != nil {
		b, err := scratch(image.Dev(), op, image.Len())
		if err != nil {
			return err
		}
		defer b.Release()
		filtered = View{Buf: b, Shape: image.Shape}
		if err := GaussianFilter(Array{filtered}, Array{image}, *plan.Smooth); err != nil {
			return fmt.Errorf("%s: anti-aliasing: %w", op, err)
		}
	}
	r := newResampling(op, len(image.Shape), plan.Order, plan.Mode, plan.Cval, true)
	for axis, out := range plan.Shape {
		r.setAxis(axis3(len(image.Shape), axis), 0.5, cpu.ZoomFactor(image.Shape[axis], out, true), -0.5)
	}
	if err := r.run(dst, filtered); err != nil {
		return err
	}
	if !plan.Clip {
		return nil
	}
	lo, hi, clip, err := cpu.ClipBounds(in.nanOr(), in.hi, plan.Constant, plan.Cval, func() (float32, float32, error) {
		out, err := deviceRange(op, dst)
		if out.nan {
			return float32(math.NaN()), float32(math.NaN()), err
		}
		return out.lo, out.hi, err
	})
	if err != nil || !clip {
		return err
	}
	n := dst.Len()
	return kClip.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, dst.Buf, dst.Off, n, lo, hi)
}
