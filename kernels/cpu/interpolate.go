package cpu

import (
	"fmt"
	"math"
)

// This file is the spline interpolation engine behind zoom, shift, rotate,
// affine_transform, spline_filter, resize and rescale. It follows scipy.ndimage 1.10
// (ni_interpolation.c, ni_splines.c) step for step: the same prefilter with the same
// boundary initialisation per mode, the same pre-padding for nearest and grid-constant,
// the same coordinate mapping past the edges and the same interpolation weights, so
// results differ from scipy's only by float64 rounding before the final float32 store.

// splineMode is a boundary mode of scipy.ndimage's interpolation, numbered as scipy
// numbers them (NI_ExtendMode).
type splineMode uint8

const (
	splNearest splineMode = iota
	splWrap
	splReflect // reflect and grid-mirror
	splMirror
	splConstant
	splGridWrap
	splGridConstant
)

// interpModes are the interpolation modes by name, in the order of the enum tag of
// every params struct that has one.
var interpModes = []struct {
	name string
	mode splineMode
}{
	{"constant", splConstant},
	{"grid-constant", splGridConstant},
	{"nearest", splNearest},
	{"reflect", splReflect},
	{"grid-mirror", splReflect},
	{"mirror", splMirror},
	{"wrap", splWrap},
	{"grid-wrap", splGridWrap},
}

// parseSplineMode maps an interpolation mode name to its mode.
func parseSplineMode(op, s string) (splineMode, error) {
	for _, m := range interpModes {
		if m.name == s {
			return m.mode, nil
		}
	}
	return 0, fmt.Errorf("%s: mode must be one of constant, grid-constant, nearest, reflect, grid-mirror, mirror, wrap, grid-wrap, got %q", op, s)
}

// checkOrder validates a spline order.
func checkOrder(op string, order int) error {
	if order < 0 || order > 5 {
		return fmt.Errorf("%s: order must be in [0, 5], got %d", op, order)
	}
	return nil
}

// finite reports whether every value is finite.
func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// mapCoordinate maps a coordinate past the edges of an axis of n samples into it as
// scipy's map_coordinate does; -1 means "use cval" (constant mode). The casts to int64
// reproduce C's npy_intp truncation.
func mapCoordinate(in float64, n int, mode splineMode) float64 {
	ln := float64(n)
	if in < 0 {
		switch mode {
		case splMirror:
			if n <= 1 {
				return 0
			}
			sz2 := int64(2*n - 2)
			in = float64(sz2*int64(-in/float64(sz2))) + in
			if in <= float64(1-n) {
				in += float64(sz2)
			} else {
				in = -in
			}
		case splReflect:
			if n <= 1 {
				return 0
			}
			sz2 := int64(2 * n)
			if in < -float64(sz2) {
				in = float64(sz2*int64(-in/float64(sz2))) + in
			}
			if in < -ln {
				in += float64(sz2)
			} else {
				if in > -1e-15 {
					in = 1e-15
				} else {
					in = -in
				}
				in--
			}
		case splWrap:
			if n <= 1 {
				return 0
			}
			sz := int64(n - 1)
			in += float64(sz * (int64(-in/float64(sz)) + 1))
		case splGridWrap:
			if n <= 1 {
				return 0
			}
			in += float64(int64(n) * (int64((-1-in)/ln) + 1))
		case splNearest:
			in = 0
		case splConstant:
			in = -1
		}
	} else if in > ln-1 {
		switch mode {
		case splMirror:
			if n <= 1 {
				return 0
			}
			sz2 := int64(2*n - 2)
			in -= float64(sz2 * int64(in/float64(sz2)))
			if in >= ln {
				in = float64(sz2) - in
			}
		case splReflect:
			if n <= 1 {
				return 0
			}
			sz2 := int64(2 * n)
			in -= float64(sz2 * int64(in/float64(sz2)))
			if in >= ln {
				in = float64(sz2) - in - 1
			}
		case splWrap:
			if n <= 1 {
				return 0
			}
			sz := int64(n - 1)
			in -= float64(sz * int64(in/float64(sz)))
		case splGridWrap:
			if n <= 1 {
				return 0
			}
			in -= float64(int64(n) * int64(in/ln))
		case splNearest:
			in = ln - 1
		case splConstant:
			in = -1
		}
	}
	return in
}

// splineWeights sets w[0..order] to the B-spline interpolation weights of the taps
// around x (scipy's get_spline_interpolation_weights, including its evaluation order).
func splineWeights(x float64, order int, w []float64) {
	if order&1 == 1 {
		x -= math.Floor(x)
	} else {
		x -= math.Floor(x + 0.5)
	}
	y := x
	z := 1.0 - x
	switch order {
	case 0:
		w[0] = 1
		return
	case 1:
		w[0] = 1.0 - x
	case 2:
		w[1] = 0.75 - x*x
		y = 0.5 - x
		w[0] = 0.5 * y * y
	case 3:
		w[1] = (y*y*(y-2.0)*3.0 + 4.0) / 6.0
		w[2] = (z*z*(z-2.0)*3.0 + 4.0) / 6.0
		w[0] = z * z * z / 6.0
	case 4:
		t := x * x
		w[2] = t*(t*0.25-0.625) + 115.0/192.0
		y = 1.0 + x
		w[1] = y*(y*(y*(5.0-y)/6.0-1.25)+5.0/24.0) + 55.0/96.0
		w[3] = z*(z*(z*(5.0-z)/6.0-1.25)+5.0/24.0) + 55.0/96.0
		y = 0.5 - x
		t = y * y
		w[0] = t * t / 24.0
	case 5:
		t := y * y
		w[2] = t*(t*(0.25-y/12.0)-0.5) + 0.55
		t = z * z
		w[3] = t*(t*(0.25-z/12.0)-0.5) + 0.55
		y += 1.0
		w[1] = y*(y*(y*(y*(y/24.0-0.375)+1.25)-1.75)+0.625) + 0.425
		z += 1.0
		w[4] = z*(z*(z*(z*(z/24.0-0.375)+1.25)-1.75)+0.625) + 0.425
		y = 1.0 - x
		t = y * y
		w[0] = y * t * t / 120.0
	}
	w[order] = 1.0
	for i := 0; i < order; i++ {
		w[order] -= w[i]
	}
}

// splinePoles are the poles of the B-spline prefilter of each order (scipy's
// get_filter_poles).
var splinePoles = [6][]float64{
	2: {-0.171572875253809902396622551580603843},
	3: {-0.267949192431122706472553658494127633},
	4: {-0.361341225900220177092212841325675255, -0.013725429297339121360331226939128204},
	5: {-0.430575347099973791851434783493520110, -0.043096288203264653822712376822550182},
}

// splineFilterLine replaces the samples c by the B-spline coefficients that interpolate
// them (scipy's apply_filter): a gain, then per pole a causal and an anticausal
// recursion whose first values come from the boundary condition of the mode.
func splineFilterLine(c []float64, order int, mode splineMode) {
	n := len(c)
	if n < 2 {
		return
	}
	poles := splinePoles[order]
	gain := 1.0
	for _, z := range poles {
		gain *= (1.0 - z) * (1.0 - 1.0/z)
	}
	for i := range c {
		c[i] *= gain
	}
	for _, z := range poles {
		switch mode {
		case splGridWrap:
			initCausalWrap(c, z)
		case splNearest, splReflect:
			initCausalReflect(c, z)
		default: // mirror, constant, grid-constant, wrap
			initCausalMirror(c, z)
		}
		for i := 1; i < n; i++ {
			c[i] += z * c[i-1]
		}
		switch mode {
		case splGridWrap:
			initAnticausalWrap(c, z)
		case splNearest, splReflect:
			c[n-1] *= z / (z - 1)
		default:
			c[n-1] = (z*c[n-2] + c[n-1]) * z / (z*z - 1)
		}
		for i := n - 2; i >= 0; i-- {
			c[i] = z * (c[i+1] - c[i])
		}
	}
}

func initCausalMirror(c []float64, z float64) {
	n := len(c)
	zi := z
	zn1 := math.Pow(z, float64(n-1))
	c[0] = c[0] + zn1*c[n-1]
	for i := 1; i < n-1; i++ {
		c[0] += zi * (c[i] + zn1*c[n-1-i])
		zi *= z
	}
	c[0] /= 1 - zn1*zn1
}

func initCausalWrap(c []float64, z float64) {
	n := len(c)
	zi := z
	for i := 1; i < n; i++ {
		c[0] += zi * c[n-i]
		zi *= z
	}
	c[0] /= 1 - zi
}

func initAnticausalWrap(c []float64, z float64) {
	n := len(c)
	zi := z
	for i := 0; i < n-1; i++ {
		c[n-1] += zi * c[i]
		zi *= z
	}
	c[n-1] *= z / (zi - 1)
}

func initCausalReflect(c []float64, z float64) {
	n := len(c)
	zi := z
	zn := math.Pow(z, float64(n))
	c0 := c[0]
	c[0] = c[0] + zn*c[n-1]
	for i := 1; i < n; i++ {
		c[0] += zi * (c[i] + zn*c[n-1-i])
		zi *= z
	}
	c[0] *= z / (1 - zn*zn)
	c[0] += c0
}

// splinePrepad is how far scipy pads the input before prefiltering for mode (its
// _prepad_for_spline_filter): nearest and grid-constant have no exact boundary
// condition for the filter, so the image is extended by 12 samples first.
func splinePrepad(mode splineMode) int {
	if mode == splNearest || mode == splGridConstant {
		return 12
	}
	return 0
}

// splineCoefficients returns what scipy interpolates when it prefilters: the image
// padded by npad samples on every side (edge values for nearest, cval rounded to float32
// for grid-constant), converted to float64 and spline-filtered along every axis.
func splineCoefficients(src []float32, shape []int, order int, mode splineMode, cval float64) ([]float64, []int, int) {
	npad := splinePrepad(mode)
	cshape := make([]int, len(shape))
	n := 1
	for i, d := range shape {
		cshape[i] = d + 2*npad
		n *= cshape[i]
	}
	coef := make([]float64, n)
	if npad == 0 {
		parallel(n, 1<<15, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				coef[i] = float64(src[i])
			}
		})
	} else {
		padInto(coef, cshape, src, shape, npad, mode == splNearest, float64(float32(cval)))
	}
	filterAxes(coef, cshape, order, mode)
	return coef, cshape, npad
}

// filterAxes spline-filters a float64 array in place along every axis longer than 1.
func filterAxes(coef []float64, shape []int, order int, mode splineMode) {
	for axis, d := range shape {
		if d > 1 {
			forLines(coef, shape, axis, func(line []float64) { splineFilterLine(line, order, mode) })
		}
	}
}

// padInto writes src (shape) into dst (shape + 2*npad on every axis) with npad samples
// around it: the nearest edge value when edge, else k.
func padInto(dst []float64, dshape []int, src []float32, shape []int, npad int, edge bool, k float64) {
	z, y, x := dims3(shape)
	dz, dy, dx := dims3(dshape)
	zpad := npad
	if len(shape) == 2 {
		zpad = 0
	}
	parallel(dz*dy, max(1, 4096/dx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			oz, oy := r/dy-zpad, r%dy-npad
			row := dst[r*dx : (r+1)*dx]
			inside := oz >= 0 && oz < z && oy >= 0 && oy < y
			if !inside && !edge {
				for i := range row {
					row[i] = k
				}
				continue
			}
			sz, sy := min(max(oz, 0), z-1), min(max(oy, 0), y-1)
			s := src[(sz*y+sy)*x:][:x]
			for i := range row {
				ox := i - npad
				switch {
				case ox >= 0 && ox < x:
					row[i] = float64(s[ox])
				case edge:
					row[i] = float64(s[min(max(ox, 0), x-1)])
				default:
					row[i] = k
				}
			}
		}
	})
}

// forLines calls fn on every line along axis of a float64 array, in place, in parallel.
// Lines along a non-contiguous axis are gathered in blocks of adjacent ones, so each
// gather reads whole cache lines.
func forLines(data []float64, shape []int, axis int, fn func(line []float64)) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	outer := len(data) / (n * stride)
	if stride == 1 {
		parallel(outer, max(1, 8192/n), func(lo, hi int) {
			for o := lo; o < hi; o++ {
				fn(data[o*n : (o+1)*n])
			}
		})
		return
	}
	const block = 16
	blocks := (stride + block - 1) / block
	parallel(outer*blocks, max(1, 8192/(n*block)), func(lo, hi int) {
		buf := make([]float64, block*n)
		for u := lo; u < hi; u++ {
			o, c0 := u/blocks, (u%blocks)*block
			w := min(block, stride-c0)
			base := o*n*stride + c0
			for i := 0; i < n; i++ {
				for b, v := range data[base+i*stride:][:w] {
					buf[b*n+i] = v
				}
			}
			for b := 0; b < w; b++ {
				fn(buf[b*n : (b+1)*n])
			}
			for i := 0; i < n; i++ {
				row := data[base+i*stride:][:w]
				for b := range row {
					row[b] = buf[b*n+i]
				}
			}
		}
	})
}

// tapRule finds the taps of one coordinate along one axis.
type tapRule struct {
	order int
	mode  splineMode // how a coordinate past the edge maps (scipy's mode)
	spl   splineMode // how a tap past the edge maps (scipy's _get_spline_boundary_mode)
}

func newTapRule(order int, mode splineMode) tapRule {
	spl := mode
	if mode == splConstant || mode == splWrap {
		spl = splMirror
	}
	return tapRule{order: order, mode: mode, spl: spl}
}

// taps sets idx and w (order+1 entries each) for coordinate cc on an axis of n samples,
// or reports false when the result is cval (constant mode, cc outside [0, n-1]). An idx
// of -1 stands for cval (grid-constant, a tap outside the axis).
func (r tapRule) taps(cc float64, n int, idx []int, w []float64) bool {
	if math.IsNaN(cc) {
		return false
	}
	free := r.mode == splGridConstant || r.mode == splNearest
	if !free && !(cc >= 0 && cc <= float64(n-1)) { // mapCoordinate leaves these alone
		cc = mapCoordinate(cc, n, r.mode)
		if !(cc > -1.0) {
			return false
		}
	}
	// Coordinates so far out that float64 holds no fraction: clamp to keep integer
	// conversions defined; every tap then lies beyond the edge on the same side.
	cc = min(max(cc, -1<<50), 1<<50)
	var start int
	if r.order&1 == 1 {
		start = int(math.Floor(cc)) - r.order/2
	} else {
		start = int(math.Floor(cc+0.5)) - r.order/2
	}
	edge := start < 0 || start+r.order >= n
	for h := 0; h <= r.order; h++ {
		i := start + h
		if edge {
			if r.mode == splGridConstant {
				if i < 0 || i >= n {
					i = -1
				}
			} else {
				i = int(mapCoordinate(float64(i), n, r.spl))
				i = min(max(i, 0), n-1) // defensive: the mappings above stay inside
			}
		}
		idx[h] = i
	}
	splineWeights(cc, r.order, w)
	return true
}

// axisPlan holds, for every output index along one axis, its taps into the input axis
// and their weights, or that the output is cval.
type axisPlan struct {
	taps int
	idx  []int     // taps per output index; -1 is cval
	w    []float64 // their weights
	cval []bool    // the whole output index is cval
	// anyCval reports a cval tap or output index: without one, loops skip the checks.
	anyCval bool
}

// identityPlan maps output index i to input index i.
func identityPlan(n int) *axisPlan {
	p := &axisPlan{taps: 1, idx: make([]int, n), w: make([]float64, n), cval: make([]bool, n)}
	for i := range p.idx {
		p.idx[i] = i
		p.w[i] = 1
	}
	return p
}

// plan computes the taps of nOut output indices whose input coordinates are coord(k)
// on an input axis of nIn samples.
func (r tapRule) plan(nOut, nIn int, coord func(k int) float64) *axisPlan {
	t := r.order + 1
	p := &axisPlan{taps: t, idx: make([]int, nOut*t), w: make([]float64, nOut*t), cval: make([]bool, nOut)}
	for k := 0; k < nOut; k++ {
		p.cval[k] = !r.taps(coord(k), nIn, p.idx[k*t:(k+1)*t], p.w[k*t:(k+1)*t])
		p.anyCval = p.anyCval || p.cval[k]
	}
	for _, i := range p.idx {
		p.anyCval = p.anyCval || i < 0
	}
	return p
}

// sample is the element type interpolation reads: float32 images or float64 spline
// coefficients.
type sample interface{ float32 | float64 }

// evalSeparable interpolates a (Z, Y, X) output from a (Z', Y', X') source when the
// coordinate along each axis depends only on the output index along that axis (zoom,
// shift, a diagonal affine matrix). Each output slice first combines the taps along Z
// into one float64 plane, each output row then combines the taps along Y of that plane
// into one row, and the row is interpolated along X. A 2D image (or a stack of few
// output slices) is split by rows instead, so both cores work.
func evalSeparable[T sample](dst []float32, oshape [3]int, src []T, sy, sx int, pz, py, px *axisPlan, cval float64) {
	oz, oy, ox := oshape[0], oshape[1], oshape[2]
	if oz >= 8 && pz.taps > 1 {
		parallel(oz, 1, func(lo, hi int) {
			plane := make([]float64, sy*sx)
			tmp := make([]float64, sx)
			for z := lo; z < hi; z++ {
				if pz.cval[z] {
					fillCval(dst[z*oy*ox:(z+1)*oy*ox], cval)
					continue
				}
				clear(plane)
				for a := 0; a < pz.taps; a++ {
					iz, wz := pz.idx[z*pz.taps+a], pz.w[z*pz.taps+a]
					if iz < 0 {
						addConst(plane, wz*cval)
					} else {
						addScaled(plane, src[iz*sy*sx:][:sy*sx], wz)
					}
				}
				for y := 0; y < oy; y++ {
					out := dst[(z*oy+y)*ox:][:ox]
					if py.cval[y] {
						fillCval(out, cval)
						continue
					}
					clear(tmp)
					for b := 0; b < py.taps; b++ {
						iy, wy := py.idx[y*py.taps+b], py.w[y*py.taps+b]
						if iy < 0 {
							addConst(tmp, wy*cval)
						} else {
							addScaled(tmp, plane[iy*sx:][:sx], wy)
						}
					}
					interpRow(out, tmp, px, cval)
				}
			}
		})
		return
	}
	parallel(oz*oy, max(1, 4096/(sx+ox)), func(lo, hi int) {
		tmp := make([]float64, sx)
		for r := lo; r < hi; r++ {
			z, y := r/oy, r%oy
			out := dst[r*ox : (r+1)*ox]
			if pz.cval[z] || py.cval[y] {
				fillCval(out, cval)
				continue
			}
			clear(tmp)
			for a := 0; a < pz.taps; a++ {
				iz, wz := pz.idx[z*pz.taps+a], pz.w[z*pz.taps+a]
				for b := 0; b < py.taps; b++ {
					iy, wy := py.idx[y*py.taps+b], py.w[y*py.taps+b]
					if iz < 0 || iy < 0 {
						addConst(tmp, wz*wy*cval)
					} else {
						addScaled(tmp, src[(iz*sy+iy)*sx:][:sx], wz*wy)
					}
				}
			}
			interpRow(out, tmp, px, cval)
		}
	})
}

// interpRow interpolates one output row along X from a row of the source's width.
func interpRow(out []float32, row []float64, px *axisPlan, cval float64) {
	t := px.taps
	if !px.anyCval {
		for o := range out {
			acc := 0.0
			w := px.w[o*t : (o+1)*t]
			for c, i := range px.idx[o*t : (o+1)*t] {
				acc += row[i] * w[c]
			}
			out[o] = float32(acc)
		}
		return
	}
	for o := range out {
		if px.cval[o] {
			out[o] = float32(cval)
			continue
		}
		acc := 0.0
		w := px.w[o*t : (o+1)*t]
		for c, i := range px.idx[o*t : (o+1)*t] {
			v := cval
			if i >= 0 {
				v = row[i]
			}
			acc += v * w[c]
		}
		out[o] = float32(acc)
	}
}

func fillCval(out []float32, cval float64) {
	for i := range out {
		out[i] = float32(cval)
	}
}

func addConst(acc []float64, c float64) {
	for i := range acc {
		acc[i] += c
	}
}

func addScaled[T sample](acc []float64, src []T, w float64) {
	src = src[:len(acc)]
	for i, v := range src {
		acc[i] += w * float64(v)
	}
}

// evalAffine interpolates a 2D or 3D output at the input coordinates
// shift + m·(output index) (m is rank x rank, row-major), computed per pixel in scipy's
// order; the footprint is summed in C order as scipy sums it. Pixels whose footprint
// lies inside the source on every axis (most of them) take a path without edge mapping.
func evalAffine[T sample](dst []float32, oshape []int, src []T, ishape []int, m, shift []float64, npad int, r tapRule, cval float64) {
	rank := len(oshape)
	oz, oy, ox := dims3(oshape)
	_, sy, sx := dims3(ishape)
	t := r.order + 1
	half := r.order / 2
	even := r.order&1 == 0
	pad := float64(npad)
	parallel(oz*oy, max(1, 512/ox), func(lo, hi int) {
		var (
			idx   [3][6]int
			w     [3][6]float64
			out3  [3]float64
			in3   [3]float64
			start [3]int
		)
		for row := lo; row < hi; row++ {
			z, y := row/oy, row%oy
			for x := 0; x < ox; x++ {
				if rank == 3 {
					out3 = [3]float64{float64(z), float64(y), float64(x)}
				} else {
					out3 = [3]float64{float64(y), float64(x)}
				}
				interior := true
				for h := 0; h < rank; h++ {
					c := shift[h]
					for l := 0; l < rank; l++ {
						c += float64(out3[l] * m[h*rank+l])
					}
					c += pad
					in3[h] = c
					if interior {
						n := ishape[h]
						if !(c >= 0 && c <= float64(n-1)) {
							interior = false
							continue
						}
						f := c
						if even {
							f += 0.5
						}
						st := int(math.Floor(f)) - half
						start[h] = st
						interior = st >= 0 && st+r.order < n
					}
				}
				v := 0.0
				switch {
				case interior && rank == 2:
					splineWeights(in3[0], r.order, w[0][:t])
					splineWeights(in3[1], r.order, w[1][:t])
					base := start[0]*sx + start[1]
					wx := w[1][:t]
					for a := 0; a < t; a++ {
						wy := w[0][a]
						for b, c := range src[base+a*sx:][:t] {
							v += float64(c) * wy * wx[b]
						}
					}
				case interior:
					for h := 0; h < 3; h++ {
						splineWeights(in3[h], r.order, w[h][:t])
					}
					wx := w[2][:t]
					for a := 0; a < t; a++ {
						wz := w[0][a]
						for b := 0; b < t; b++ {
							wy := w[1][b]
							for d, c := range src[((start[0]+a)*sy+start[1]+b)*sx+start[2]:][:t] {
								v += float64(c) * wz * wy * wx[d]
							}
						}
					}
				default:
					v = edgeSample(src, ishape, in3[:rank], r, cval, &idx, &w)
				}
				dst[row*ox+x] = float32(v)
			}
		}
	})
}

// edgeSample is evalAffine's general path for a pixel whose footprint reaches past an
// edge: taps mapped by the mode, cval where the mode says so.
func edgeSample[T sample](src []T, ishape []int, cc []float64, r tapRule, cval float64, idx *[3][6]int, w *[3][6]float64) float64 {
	rank := len(cc)
	_, sy, sx := dims3(ishape)
	t := r.order + 1
	for h := 0; h < rank; h++ {
		if !r.taps(cc[h], ishape[h], idx[h][:t], w[h][:t]) {
			return cval
		}
	}
	v := 0.0
	if rank == 2 {
		for a := 0; a < t; a++ {
			iy, wy := idx[0][a], w[0][a]
			for b := 0; b < t; b++ {
				ix := idx[1][b]
				c := cval
				if iy >= 0 && ix >= 0 {
					c = float64(src[iy*sx+ix])
				}
				v += c * wy * w[1][b]
			}
		}
		return v
	}
	for a := 0; a < t; a++ {
		iz, wz := idx[0][a], w[0][a]
		for b := 0; b < t; b++ {
			iy, wy := idx[1][b], w[1][b]
			for d := 0; d < t; d++ {
				ix := idx[2][d]
				c := cval
				if iz >= 0 && iy >= 0 && ix >= 0 {
					c = float64(src[(iz*sy+iy)*sx+ix])
				}
				v += c * wz * wy * w[2][d]
			}
		}
	}
	return v
}

// interpSource is what an interpolation reads: the image itself, or its spline
// coefficients (padded by npad) when prefilter is on and order > 1, as in scipy.
type interpSource struct {
	f32   []float32
	f64   []float64
	shape []int
	npad  int
}

func newInterpSource(image []float32, shape []int, order int, mode splineMode, cval float64, prefilter bool) interpSource {
	if prefilter && order > 1 {
		coef, cshape, npad := splineCoefficients(image, shape, order, mode, cval)
		return interpSource{f64: coef, shape: cshape, npad: npad}
	}
	return interpSource{f32: image, shape: shape}
}

// separable runs evalSeparable with one plan per axis of a 2D or 3D output.
func (s interpSource) separable(dst []float32, oshape []int, plans []*axisPlan, cval float64) {
	_, sy, sx := dims3(s.shape)
	oz, oy, ox := dims3(oshape)
	pz := identityPlan(1)
	if len(plans) == 3 {
		pz, plans = plans[0], plans[1:]
	}
	o := [3]int{oz, oy, ox}
	if s.f64 != nil {
		evalSeparable(dst, o, s.f64, sy, sx, pz, plans[0], plans[1], cval)
	} else {
		evalSeparable(dst, o, s.f32, sy, sx, pz, plans[0], plans[1], cval)
	}
}

// affine runs evalAffine on the source.
func (s interpSource) affine(dst []float32, oshape []int, m, shift []float64, r tapRule, cval float64) {
	if s.f64 != nil {
		evalAffine(dst, oshape, s.f64, s.shape, m, shift, s.npad, r, cval)
	} else {
		evalAffine(dst, oshape, s.f32, s.shape, m, shift, s.npad, r, cval)
	}
}

// roundHalfEven is Python's round() of a float.
func roundHalfEven(x float64) float64 { return math.RoundToEven(x) }

// shapeFromFloat converts a computed axis length, refusing empty, non-finite and
// absurd ones before they reach an allocation.
func shapeFromFloat(op string, v float64) (int, error) {
	if !(v >= 1) || v > 1<<40 {
		return 0, fmt.Errorf("%s: output axis length %v is not in [1, 2^40]", op, v)
	}
	return int(v), nil
}
