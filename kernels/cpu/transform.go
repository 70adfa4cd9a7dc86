package cpu

import (
	"fmt"
	"math"
)

// ZoomParams are the parameters of Zoom.
type ZoomParams struct {
	// Zoom factor, one for every axis or one per axis (Z, Y, X).
	Zoom []float64 `min:"0"`
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"3" min:"0" max:"5"`
	// How the input is extended past its edges (scipy.ndimage's interpolation modes).
	Mode string `default:"constant" enum:"constant,grid-constant,nearest,reflect,grid-mirror,mirror,wrap,grid-wrap"`
	// Value past the edges in constant and grid-constant modes.
	Cval float64 `default:"0"`
	// Spline-filter the input first when order > 1; off, the input is taken as spline coefficients.
	Prefilter bool `default:"true"`
	// Treat pixels as areas: the outer edges of the input and output grids align, not the centres of their corner pixels.
	GridMode bool `default:"false"`
}

// ZoomShape is the output shape of Zoom: round(n*zoom) on each axis (halves to even, as
// Python's round).
func ZoomShape(in []int, p ZoomParams) ([]int, error) {
	zoom, err := perAxisFloats("zoom: zoom", p.Zoom, len(in))
	if err != nil {
		return nil, err
	}
	out := make([]int, len(in))
	for i, z := range zoom {
		if !finite(z) || z <= 0 {
			return nil, fmt.Errorf("zoom: zoom must be finite and > 0, got %v", z)
		}
		if out[i], err = shapeFromFloat("zoom", roundHalfEven(float64(in[i])*z)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Zoom resamples an image by spline interpolation to round(n*zoom) samples per axis.
// Output index k along an axis of n input and m output samples reads the input at
// k*(n-1)/(m-1) (pixel centres of the corners align; factor 1 when m is 1), or with
// grid_mode at (k+0.5)*n/m - 0.5 (pixel edges align). With order > 1 and prefilter the
// image is first turned into B-spline coefficients (float64) with the boundary condition
// of mode; nearest and grid-constant first pad 12 samples, as scipy does. Past the edges
// coordinates and taps are extended by mode; constant gives cval to every output whose
// coordinate lies outside [0, n-1] (no interpolation beyond the edge), grid-constant
// interpolates with cval beyond the edge. Matches scipy.ndimage.zoom to float64 rounding
// before the float32 store.
//
//kernreg:op name=zoom tags=transform,interpolation ref=scipy.ndimage.zoom slices=coupled shape=ZoomShape
func Zoom(dst, image Array, p ZoomParams) error {
	const op = "zoom"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, err := ZoomShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	mode, err := interpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	zoomResample(dst, image, mode, p.Order, p.Cval, p.Prefilter, p.GridMode)
	return nil
}

// zoomResample is scipy's zoom into dst's shape.
func zoomResample(dst, image Array, mode splineMode, order int, cval float64, prefilter, grid bool) {
	src := newInterpSource(image.Data, image.Shape, order, mode, cval, prefilter)
	r := newTapRule(order, mode)
	plans := make([]*axisPlan, len(dst.Shape))
	for axis, out := range dst.Shape {
		zoom := zoomFactor(image.Shape[axis], out, grid)
		npad := float64(src.npad)
		plans[axis] = r.plan(out, src.shape[axis], func(k int) float64 {
			cc := float64(k)
			if grid {
				cc += 0.5
				cc *= zoom
				cc -= 0.5
			} else {
				cc *= zoom
			}
			return cc + npad
		})
	}
	src.separable(dst.Data, dst.Shape, plans, cval)
}

// zoomFactor is the step between the input coordinates of adjacent outputs along an
// axis of in input and out output samples (scipy's zoom).
func zoomFactor(in, out int, grid bool) float64 {
	switch {
	case grid:
		return float64(in) / float64(out)
	case out > 1:
		return float64(in-1) / float64(out-1)
	}
	return 1
}

// interpArgs validates the arguments every interpolating op shares.
func interpArgs(op string, order int, mode string, cval float64) (splineMode, error) {
	if err := checkOrder(op, order); err != nil {
		return 0, err
	}
	if math.IsInf(cval, 0) {
		return 0, fmt.Errorf("%s: cval must be finite or NaN, got %v", op, cval)
	}
	return parseSplineMode(op, mode)
}

// checkOut checks a dst view against the shape the op computes for it.
func checkOut(op string, dst Array, want []int) error {
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if err := sameShape(op, want, dst.Shape); err != nil {
		return fmt.Errorf("%s: dst shape %v, want %v", op, dst.Shape, want)
	}
	return nil
}

// ShiftParams are the parameters of Shift.
type ShiftParams struct {
	// Shift along each axis in pixels, one for every axis or one per axis (Z, Y, X).
	Shift []float64
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"3" min:"0" max:"5"`
	// How the input is extended past its edges (scipy.ndimage's interpolation modes).
	Mode string `default:"constant" enum:"constant,grid-constant,nearest,reflect,grid-mirror,mirror,wrap,grid-wrap"`
	// Value past the edges in constant and grid-constant modes.
	Cval float64 `default:"0"`
	// Spline-filter the input first when order > 1; off, the input is taken as spline coefficients.
	Prefilter bool `default:"true"`
}

// Shift moves an image by a (sub-pixel) shift per axis with spline interpolation.
// Output index k reads the input at k - shift, with the prefilter, edge modes and cval
// rules of Zoom. Matches scipy.ndimage.shift to float64 rounding.
//
//kernreg:op name=shift tags=transform,interpolation ref=scipy.ndimage.shift slices=coupled
func Shift(dst, image Array, p ShiftParams) error {
	const op = "shift"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	shift, err := shiftVector(len(image.Shape), p)
	if err != nil {
		return err
	}
	mode, err := interpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	src := newInterpSource(image.Data, image.Shape, p.Order, mode, p.Cval, p.Prefilter)
	r := newTapRule(p.Order, mode)
	plans := make([]*axisPlan, len(image.Shape))
	for axis, n := range image.Shape {
		s, npad := -shift[axis], float64(src.npad)
		plans[axis] = r.plan(n, src.shape[axis], func(k int) float64 { return float64(k) + s + npad })
	}
	src.separable(dst.Data, dst.Shape, plans, p.Cval)
	return nil
}

// shiftVector is the validated shift, one value per axis.
func shiftVector(rank int, p ShiftParams) ([]float64, error) {
	shift, err := perAxisFloats("shift: shift", p.Shift, rank)
	if err != nil {
		return nil, err
	}
	if !finite(shift...) {
		return nil, fmt.Errorf("shift: shift must be finite, got %v", p.Shift)
	}
	return shift, nil
}

// AffineTransformParams are the parameters of AffineTransform.
type AffineTransformParams struct {
	// The matrix mapping output to input coordinates, row-major: rank values (a diagonal), rank x rank, rank x (rank+1) (last column: the offset) or (rank+1) x (rank+1) homogeneous with bottom row 0 ... 0 1.
	Matrix []float64
	// Offset added to the input coordinates, one for every axis or one per axis; unused when the matrix carries one.
	Offset []float64 `default:"0"`
	// Shape of the output, one length per axis; 0 (the default) means the input's shape.
	OutputShape []int `default:"0" min:"0"`
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"3" min:"0" max:"5"`
	// How the input is extended past its edges (scipy.ndimage's interpolation modes).
	Mode string `default:"constant" enum:"constant,grid-constant,nearest,reflect,grid-mirror,mirror,wrap,grid-wrap"`
	// Value past the edges in constant and grid-constant modes.
	Cval float64 `default:"0"`
	// Spline-filter the input first when order > 1; off, the input is taken as spline coefficients.
	Prefilter bool `default:"true"`
}

// affine is a parsed affine transform: a rank x rank matrix (or its diagonal) and an
// offset.
type affine struct {
	m      []float64
	offset []float64
	diag   bool
}

// parseAffine reads the matrix and offset of AffineTransformParams for a rank-D input.
func parseAffine(op string, rank int, p AffineTransformParams) (affine, error) {
	if !finite(p.Matrix...) || !finite(p.Offset...) {
		return affine{}, fmt.Errorf("%s: matrix and offset must be finite", op)
	}
	offset, err := perAxisFloats(op+": offset", p.Offset, rank)
	if err != nil {
		return affine{}, err
	}
	r1 := rank + 1
	switch len(p.Matrix) {
	case rank:
		return affine{m: p.Matrix, offset: offset, diag: true}, nil
	case rank * rank:
		return affine{m: p.Matrix, offset: offset}, nil
	case rank * r1, r1 * r1:
		if len(p.Matrix) == r1*r1 {
			for j, v := range p.Matrix[rank*r1:] {
				if want := b2f(j == rank); v != want {
					return affine{}, fmt.Errorf("%s: a homogeneous %dx%d matrix needs the bottom row %v, got %v",
						op, r1, r1, homogeneousRow(rank), p.Matrix[rank*r1:])
				}
			}
		}
		m := make([]float64, rank*rank)
		off := make([]float64, rank)
		for i := 0; i < rank; i++ {
			copy(m[i*rank:(i+1)*rank], p.Matrix[i*r1:i*r1+rank])
			off[i] = p.Matrix[i*r1+rank]
		}
		return affine{m: m, offset: off}, nil
	}
	return affine{}, fmt.Errorf("%s: a %dD matrix has %d (diagonal), %d, %d or %d values, got %d",
		op, rank, rank, rank*rank, rank*r1, r1*r1, len(p.Matrix))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func homogeneousRow(rank int) []float64 {
	r := make([]float64, rank+1)
	r[rank] = 1
	return r
}

// AffineTransformShape is the output shape of AffineTransform: output_shape, or the
// input's shape when it is 0.
func AffineTransformShape(in []int, p AffineTransformParams) ([]int, error) {
	if len(p.OutputShape) == 1 && p.OutputShape[0] == 0 {
		return append([]int(nil), in...), nil
	}
	if len(p.OutputShape) != len(in) {
		return nil, fmt.Errorf("affine_transform: output_shape %v must have %d values for a %dD input (or be 0)", p.OutputShape, len(in), len(in))
	}
	for _, d := range p.OutputShape {
		if d < 1 || d > 1<<40 {
			return nil, fmt.Errorf("affine_transform: output_shape %v has an axis outside [1, 2^40]", p.OutputShape)
		}
	}
	return append([]int(nil), p.OutputShape...), nil
}

// AffineTransform resamples an image at affinely mapped coordinates with spline
// interpolation. Output index o reads the input at matrix·o + offset (a 1D matrix is a
// diagonal, evaluated as scipy does as (o + offset/m)*m per axis). Prefilter, edge modes
// and cval work as in Zoom. Matches scipy.ndimage.affine_transform to float64 rounding.
//
//kernreg:op name=affine_transform tags=transform,interpolation ref=scipy.ndimage.affine_transform slices=coupled shape=AffineTransformShape
func AffineTransform(dst, image Array, p AffineTransformParams) error {
	const op = "affine_transform"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	want, err := AffineTransformShape(image.Shape, p)
	if err != nil {
		return err
	}
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	a, err := parseAffine(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	mode, err := interpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	src := newInterpSource(image.Data, image.Shape, p.Order, mode, p.Cval, p.Prefilter)
	r := newTapRule(p.Order, mode)
	if a.diag {
		plans := make([]*axisPlan, len(want))
		for axis, n := range want {
			zoom, shift, npad := a.m[axis], a.offset[axis]/a.m[axis], float64(src.npad)
			plans[axis] = r.plan(n, src.shape[axis], func(k int) float64 {
				cc := float64(k)
				cc += shift
				cc *= zoom
				return cc + npad
			})
		}
		src.separable(dst.Data, want, plans, p.Cval)
		return nil
	}
	src.affine(dst.Data, want, a.m, a.offset, r, p.Cval)
	return nil
}

// RotateParams are the parameters of Rotate.
type RotateParams struct {
	// Rotation angle in degrees.
	Angle float64
	// The two axes that define the plane of rotation (negative values count from the end); (1, 0) is the Y-X plane of a 2D image and the Z-Y plane of a 3D one, as in scipy.
	Axes []int `default:"1,0"`
	// Enlarge the output so that it holds the whole rotated input; off, the output has the input's shape.
	Reshape bool `default:"true"`
	// Order of the spline interpolation, 0 (nearest) to 5.
	Order int `default:"3" min:"0" max:"5"`
	// How the input is extended past its edges (scipy.ndimage's interpolation modes).
	Mode string `default:"constant" enum:"constant,grid-constant,nearest,reflect,grid-mirror,mirror,wrap,grid-wrap"`
	// Value past the edges in constant and grid-constant modes.
	Cval float64 `default:"0"`
	// Spline-filter each plane first when order > 1; off, the input is taken as spline coefficients.
	Prefilter bool `default:"true"`
}

// rotation is a parsed rotation: the sorted plane axes, the 2x2 matrix, the offset and
// the output plane shape.
type rotation struct {
	a0, a1   int
	m        []float64
	offset   []float64
	outPlane [2]int
}

func parseRotation(in []int, p RotateParams) (rotation, error) {
	const op = "rotate"
	if !finite(p.Angle) {
		return rotation{}, fmt.Errorf("%s: angle must be finite, got %v", op, p.Angle)
	}
	if len(p.Axes) != 2 {
		return rotation{}, fmt.Errorf("%s: axes must hold exactly two axes, got %v", op, p.Axes)
	}
	nd := len(in)
	ax := [2]int{p.Axes[0], p.Axes[1]}
	for i := range ax {
		if ax[i] < 0 {
			ax[i] += nd
		}
		if ax[i] < 0 || ax[i] >= nd {
			return rotation{}, fmt.Errorf("%s: axes %v are not axes of a %dD image", op, p.Axes, nd)
		}
	}
	if ax[0] == ax[1] {
		return rotation{}, fmt.Errorf("%s: axes %v name the same axis twice", op, p.Axes)
	}
	if ax[0] > ax[1] {
		ax[0], ax[1] = ax[1], ax[0]
	}
	c, s := cosdg(p.Angle), sindg(p.Angle)
	iy, ix := in[ax[0]], in[ax[1]]
	out := [2]int{iy, ix}
	if p.Reshape {
		fy, fx := float64(iy), float64(ix)
		// scipy: (rot_matrix @ corners).ptp(axis=1) + 0.5, truncated
		r0 := [4]float64{0, s * fx, c * fy, c*fy + s*fx}
		r1 := [4]float64{0, c * fx, -s * fy, -s*fy + c*fx}
		ptp := func(v [4]float64) float64 {
			lo, hi := v[0], v[0]
			for _, x := range v[1:] {
				lo, hi = min(lo, x), max(hi, x)
			}
			return hi - lo
		}
		out = [2]int{int(ptp(r0) + 0.5), int(ptp(r1) + 0.5)}
		for _, d := range out {
			if d < 1 {
				return rotation{}, fmt.Errorf("%s: the rotated plane of %dx%d is empty", op, iy, ix)
			}
		}
	}
	uy, ux := float64(out[0]-1)/2, float64(out[1]-1)/2
	offset := []float64{float64(iy-1)/2 - (c*uy + s*ux), float64(ix-1)/2 - (-s*uy + c*ux)}
	return rotation{a0: ax[0], a1: ax[1], m: []float64{c, s, -s, c}, offset: offset, outPlane: out}, nil
}

// RotateShape is the output shape of Rotate: the input's, with the rotated plane
// replaced by the bounding box of the rotated input when reshape is on.
func RotateShape(in []int, p RotateParams) ([]int, error) {
	rot, err := parseRotation(in, p)
	if err != nil {
		return nil, err
	}
	out := append([]int(nil), in...)
	out[rot.a0], out[rot.a1] = rot.outPlane[0], rot.outPlane[1]
	return out, nil
}

// Rotate rotates an image by angle degrees in the plane of two axes, about the centre of
// the plane, with spline interpolation. With c = cos(angle), s = sin(angle)
// (exact at multiples of 90°, as scipy's cosdg/sindg), output (i, j) of the plane reads
// the input at [[c, s], [-s, c]]·(i, j) + offset, where offset maps the output centre
// to the input centre. A 3D image is rotated plane by plane, each plane prefiltered on
// its own, as scipy does. Edge modes and cval work as in Zoom. Matches
// scipy.ndimage.rotate to float64 rounding.
//
//kernreg:op name=rotate tags=transform,interpolation ref=scipy.ndimage.rotate slices=coupled shape=RotateShape
func Rotate(dst, image Array, p RotateParams) error {
	const op = "rotate"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	rot, err := parseRotation(image.Shape, p)
	if err != nil {
		return err
	}
	want, _ := RotateShape(image.Shape, p)
	if err := checkOut(op, dst, want); err != nil {
		return err
	}
	mode, err := interpArgs(op, p.Order, p.Mode, p.Cval)
	if err != nil {
		return err
	}
	r := newTapRule(p.Order, mode)
	if len(image.Shape) == 2 {
		src := newInterpSource(image.Data, image.Shape, p.Order, mode, p.Cval, p.Prefilter)
		src.affine(dst.Data, want, rot.m, rot.offset, r, p.Cval)
		return nil
	}
	// One plane per index along the third axis: gather, rotate, scatter.
	other := 3 - rot.a0 - rot.a1
	istr, ostr := strides(image.Shape), strides(want)
	inPlane := []int{image.Shape[rot.a0], image.Shape[rot.a1]}
	outPlane := rot.outPlane[:]
	pin := make([]float32, inPlane[0]*inPlane[1])
	pout := make([]float32, outPlane[0]*outPlane[1])
	for k := 0; k < image.Shape[other]; k++ {
		gatherPlane(pin, image.Data, k*istr[other], istr[rot.a0], istr[rot.a1], inPlane)
		src := newInterpSource(pin, inPlane, p.Order, mode, p.Cval, p.Prefilter)
		src.affine(pout, outPlane, rot.m, rot.offset, r, p.Cval)
		scatterPlane(dst.Data, pout, k*ostr[other], ostr[rot.a0], ostr[rot.a1], outPlane)
	}
	return nil
}

// strides returns the C-order element strides of a shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

func gatherPlane(dst, src []float32, base, s0, s1 int, shape []int) {
	for i := 0; i < shape[0]; i++ {
		row := dst[i*shape[1] : (i+1)*shape[1]]
		for j := range row {
			row[j] = src[base+i*s0+j*s1]
		}
	}
}

func scatterPlane(dst, src []float32, base, s0, s1 int, shape []int) {
	for i := 0; i < shape[0]; i++ {
		row := src[i*shape[1] : (i+1)*shape[1]]
		for j, v := range row {
			dst[base+i*s0+j*s1] = v
		}
	}
}

// SplineFilterParams are the parameters of SplineFilter.
type SplineFilterParams struct {
	// Order of the spline, 2 to 5.
	Order int `default:"3" min:"2" max:"5"`
	// Boundary condition of the filter (scipy.ndimage's interpolation modes; constant, grid-constant and wrap filter as mirror).
	Mode string `default:"mirror" enum:"constant,grid-constant,nearest,reflect,grid-mirror,mirror,wrap,grid-wrap"`
}

// SplineFilter computes the B-spline coefficients of an image, the input that
// interpolation with prefilter off expects. Along every axis longer than 1 it applies a
// gain and a causal and anticausal recursion per pole of the spline of the
// given order, started from the boundary condition of mode (mirror for mirror,
// constant, grid-constant and wrap; reflect for reflect, grid-mirror and nearest;
// periodic for grid-wrap). Computed in float64 as scipy.ndimage.spline_filter, stored
// as float32.
//
//kernreg:op name=spline_filter tags=transform,interpolation ref=scipy.ndimage.spline_filter slices=coupled
func SplineFilter(dst, image Array, p SplineFilterParams) error {
	const op = "spline_filter"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	mode, err := splineFilterMode(p)
	if err != nil {
		return err
	}
	coef := make([]float64, len(image.Data))
	for i, v := range image.Data {
		coef[i] = float64(v)
	}
	filterAxes(coef, image.Shape, p.Order, mode)
	for i, v := range coef {
		dst.Data[i] = float32(v)
	}
	return nil
}

// splineFilterMode validates SplineFilter's parameters and returns its mode.
func splineFilterMode(p SplineFilterParams) (splineMode, error) {
	const op = "spline_filter"
	if p.Order < 2 || p.Order > 5 {
		return 0, fmt.Errorf("%s: order must be in [2, 5], got %d", op, p.Order)
	}
	return parseSplineMode(op, p.Mode)
}

// cosdg and sindg are cephes' cosine and sine of an angle in degrees (scipy.special),
// reduced by octants so that multiples of 90° give exact zeros and ones.
func sindg(x float64) float64 {
	sign := 1.0
	if x < 0 {
		x, sign = -x, -1
	}
	if x > 1e14 {
		return 0
	}
	y, j := octant(x)
	if j > 3 {
		sign, j = -sign, j-4
	}
	z := (x - y*45.0) * (math.Pi / 180)
	var r float64
	if j == 1 || j == 2 {
		r = cosPoly(z)
	} else {
		r = sinPoly(z)
	}
	return sign * r
}

func cosdg(x float64) float64 {
	x = math.Abs(x)
	if x > 1e14 {
		return 0
	}
	sign := 1.0
	y, j := octant(x)
	if j > 3 {
		sign, j = -sign, j-4
	}
	if j > 1 {
		sign = -sign
	}
	z := (x - y*45.0) * (math.Pi / 180)
	var r float64
	if j == 1 || j == 2 {
		r = sinPoly(z)
	} else {
		r = cosPoly(z)
	}
	return sign * r
}

// octant returns the octant start y (a multiple of 45° counted in units of 45°) and the
// octant number j modulo 8, with odd octants mapped to the next even one (cephes).
func octant(x float64) (float64, int) {
	y := math.Floor(x / 45.0)
	z := y - math.Ldexp(math.Floor(math.Ldexp(y, -4)), 4)
	j := int(z)
	if j&1 == 1 {
		j++
		y++
	}
	return y, j & 7
}

var (
	sincof = []float64{1.58962301572218447952e-10, -2.50507477628503540135e-8, 2.75573136213856773549e-6,
		-1.98412698295895384658e-4, 8.33333333332211858862e-3, -1.66666666666666307295e-1}
	coscof = []float64{1.13678171382044553091e-11, -2.08758833757683644217e-9, 2.75573155429816611547e-7,
		-2.48015872936186303776e-5, 1.38888888888806666760e-3, -4.16666666666666348141e-2,
		4.99999999999999999798e-1}
)

func polevl(x float64, coef []float64) float64 {
	ans := coef[0]
	for _, c := range coef[1:] {
		ans = float64(ans*x) + c
	}
	return ans
}

func sinPoly(z float64) float64 { zz := z * z; return z + z*float64(zz*polevl(zz, sincof)) }
func cosPoly(z float64) float64 { zz := z * z; return 1.0 - float64(zz*polevl(zz, coscof)) }
