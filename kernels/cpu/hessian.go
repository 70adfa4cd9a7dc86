package cpu

import (
	"fmt"
	"math"
)

// The Hessian family follows scikit-image 0.19 on float32 images, where every step is
// float32 numpy arithmetic:
//
//	hessian_matrix(image, sigma, mode, cval, order="rc"):
//	    G = scipy.ndimage.gaussian_filter(image, sigma, mode=mode, cval=cval) (truncate 4)
//	    g_a = np.gradient(G, axis=a) for every axis a
//	    H_ab = np.gradient(g_b, axis=a) for a <= b   (the derivative along b taken first)
//
// np.gradient is the central difference (f[i+1] - f[i-1]) / 2 inside and the one-sided
// difference f[1] - f[0], f[n-1] - f[n-2] at the ends, so every axis needs at least 2
// pixels. The eigenvalues of a 2D Hessian are skimage's closed form, in float32:
// (Hxx + Hyy)/2 ± sqrt(4·Hxy² + (Hxx - Hyy)²)/2, which this package reproduces
// operation for operation. In 3D skimage calls np.linalg.eigvalsh, which works in
// float64 and rounds to float32; here the float64 eigenvalues come from the
// trigonometric solution of the characteristic cubic (Jacobi rotations where two
// eigenvalues nearly coincide), accurate to about 1e-12 of the matrix norm, so 3D
// results agree with skimage's to float32 rounding of that norm. A 3D image is always
// filtered in 3D (skimage's gaussian would take a last axis of length 3 for RGB
// channels and not smooth across it).

// HessianParams are the parameters of HessianLargestEigenvalue and
// HessianSmallestEigenvalue.
type HessianParams struct {
	// Standard deviation of the Gaussian smoothing, one value for every axis or one per
	// axis (Z, Y, X).
	Sigma []float64 `default:"1" min:"0"`
	// How the input is extended past its edges for the smoothing.
	Mode string `default:"constant" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// HessianLargestEigenvalue computes, for every pixel, the largest eigenvalue of the
// Hessian matrix of the Gaussian-smoothed image, as
// skimage.feature.hessian_matrix_eigvals(hessian_matrix(image, sigma, mode, cval,
// order="rc"))[0] (skimage 0.19: mode defaults to constant; no sigma² scaling). Every
// axis needs at least 2 pixels.
//
//kernreg:op name=hessian_largest_eigenvalue tags=filter,hessian,ridge ref=skimage.feature.hessian_matrix_eigvals slices=coupled
func HessianLargestEigenvalue(dst, image Array, p HessianParams) error {
	return hessianEigenvalue("hessian_largest_eigenvalue", dst, image, p, true)
}

// HessianSmallestEigenvalue computes, for every pixel, the smallest eigenvalue of the
// Hessian matrix of the Gaussian-smoothed image, as
// skimage.feature.hessian_matrix_eigvals(hessian_matrix(image, sigma, mode, cval,
// order="rc"))[-1] (skimage 0.19). Every axis needs at least 2 pixels.
//
//kernreg:op name=hessian_smallest_eigenvalue tags=filter,hessian,ridge ref=skimage.feature.hessian_matrix_eigvals slices=coupled
func HessianSmallestEigenvalue(dst, image Array, p HessianParams) error {
	return hessianEigenvalue("hessian_smallest_eigenvalue", dst, image, p, false)
}

func hessianEigenvalue(op string, dst, image Array, p HessianParams, largest bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	sigma, mode, err := hessianParams(op, image.Shape, p)
	if err != nil {
		return err
	}
	g := make([]float32, len(image.Data))
	gaussianPasses(g, image.Data, image.Shape, sigma, nil, mode, p.Cval, 4)
	nx := image.Shape[len(image.Shape)-1]
	pick := 0
	if !largest {
		pick = len(image.Shape) - 1
	}
	hessianEigenRows(g, image.Shape, 1, func(r int, ev [3][]float32) {
		copy(dst.Data[r*nx:(r+1)*nx], ev[pick])
	})
	return nil
}

// hessianShape checks that every axis has the 2 pixels np.gradient needs.
func hessianShape(op string, shape []int) error {
	for _, d := range shape {
		if d < 2 {
			return fmt.Errorf("%s: every axis needs at least 2 pixels (np.gradient), got shape %v", op, shape)
		}
	}
	return nil
}

// hessianParams checks the shape and parameters of HessianLargestEigenvalue and
// HessianSmallestEigenvalue and returns sigma per axis and the mode.
func hessianParams(op string, shape []int, p HessianParams) ([]float64, Mode, error) {
	if err := hessianShape(op, shape); err != nil {
		return nil, 0, err
	}
	sigma, err := perAxisFloats(op+": sigma", p.Sigma, len(shape))
	if err != nil {
		return nil, 0, err
	}
	if err := gaussianRadiusArgs(op, "sigma", sigma, 4); err != nil {
		return nil, 0, err
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return sigma, mode, nil
}

// hessianEigenRows calls fn for every row r (in parallel) with the eigenvalues, in
// decreasing order, of the Hessian of g scaled by scale (float32(scale)·H_ab, as skimage
// scales by sigma²): ev[k][x] is the k-th largest at pixel x of the row (ev[2] is unused
// in 2D).
func hessianEigenRows(g []float32, shape []int, scale float32, fn func(r int, ev [3][]float32)) {
	nz, ny, nx := dims3(shape)
	threeD := len(shape) == 3
	parallel(nz*ny, max(1, 2048/nx), func(lo, hi int) {
		h := newHessianRows(g, nz, ny, nx, threeD)
		var ev [3][]float32
		for k := range ev {
			ev[k] = make([]float32, nx)
		}
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			e := h.at(z, y)
			if threeD {
				for x := range nx {
					// H_elems order: Hxx, Hxy, Hxz, Hyy, Hyz, Hzz (matrix rows X, Y, Z).
					l1, l2, l3 := symEig3(
						float64(scale*e[0][x]), float64(scale*e[3][x]), float64(scale*e[5][x]),
						float64(scale*e[1][x]), float64(scale*e[2][x]), float64(scale*e[4][x]))
					ev[0][x], ev[1][x], ev[2][x] = float32(l1), float32(l2), float32(l3)
				}
			} else {
				for x := range nx {
					ev[0][x], ev[1][x] = eig2(scale*e[0][x], scale*e[1][x], scale*e[2][x])
				}
			}
			fn(r, ev)
		}
	})
}

// eig2 is skimage 0.19's _image_orthogonal_matrix22_eigvals for one pixel, in float32:
// (m00 + m11)/2 ± sqrt(4·m01² + (m00 - m11)²)/2.
func eig2(m00, m01, m11 float32) (float32, float32) {
	t := float32(m00+m11) / 2
	d := float32(m00 - m11)
	s := float32(4*float32(m01*m01)) + float32(d*d)
	h := float32(math.Sqrt(float64(s))) / 2
	return t + h, t - h
}

// hessianRows computes the Hessian elements of g (skimage's np.gradient of
// np.gradient) one row at a time.
type hessianRows struct {
	g          []float32
	nz, ny, nx int
	threeD     bool
	gx         []float32 // scratch first-derivative rows
	a, b       []float32
	el         [6][]float32 // Hxx, Hxy, Hyy (2D) or Hxx, Hxy, Hxz, Hyy, Hyz, Hzz (3D)
}

func newHessianRows(g []float32, nz, ny, nx int, threeD bool) *hessianRows {
	h := &hessianRows{g: g, nz: nz, ny: ny, nx: nx, threeD: threeD,
		gx: make([]float32, nx), a: make([]float32, nx), b: make([]float32, nx)}
	for i := range h.el {
		h.el[i] = make([]float32, nx)
	}
	return h
}

// gradientIndex is np.gradient's stencil at position i of an axis of length n >= 2:
// (f[hi] - f[lo]) / div.
func gradientIndex(i, n int) (hi, lo int, div float32) {
	switch i {
	case 0:
		return 1, 0, 1
	case n - 1:
		return n - 1, n - 2, 1
	}
	return i + 1, i - 1, 2
}

// diffRows sets out[x] = (hi[x] - lo[x]) / div in float32.
func diffRows(out, hi, lo []float32, div float32) {
	lo, out = lo[:len(hi)], out[:len(hi)]
	if div == 1 {
		for x := range hi {
			out[x] = hi[x] - lo[x]
		}
		return
	}
	for x := range hi {
		out[x] = float32(hi[x]-lo[x]) / div
	}
}

// row returns row (z, y) of g.
func (h *hessianRows) row(z, y int) []float32 {
	o := (z*h.ny + y) * h.nx
	return h.g[o : o+h.nx]
}

// gradX writes the derivative along X of the row in to out.
func gradX(out, in []float32) {
	n := len(in)
	out[0] = in[1] - in[0]
	out[n-1] = in[n-1] - in[n-2]
	for x := 1; x < n-1; x++ {
		out[x] = float32(in[x+1]-in[x-1]) / 2
	}
}

// firstRow writes to out the first derivative of g along axis (0: Z, 1: Y, 2: X) at row
// (z, y).
func (h *hessianRows) firstRow(out []float32, axis, z, y int) {
	switch axis {
	case 2:
		gradX(out, h.row(z, y))
	case 1:
		hi, lo, div := gradientIndex(y, h.ny)
		diffRows(out, h.row(z, hi), h.row(z, lo), div)
	default:
		hi, lo, div := gradientIndex(z, h.nz)
		diffRows(out, h.row(hi, y), h.row(lo, y), div)
	}
}

// secondRow writes to out H_ab at row (z, y): the derivative along a (0: Z, 1: Y) of the
// first derivative along b.
func (h *hessianRows) secondRow(out []float32, a, b, z, y int) {
	var hi, lo int
	var div float32
	if a == 1 {
		hi, lo, div = gradientIndex(y, h.ny)
		h.firstRow(h.a, b, z, hi)
		h.firstRow(h.b, b, z, lo)
	} else {
		hi, lo, div = gradientIndex(z, h.nz)
		h.firstRow(h.a, b, hi, y)
		h.firstRow(h.b, b, lo, y)
	}
	diffRows(out, h.a, h.b, div)
}

// at returns the Hessian element rows of row (z, y), in skimage's H_elems order.
func (h *hessianRows) at(z, y int) [6][]float32 {
	h.firstRow(h.gx, 2, z, y)
	gradX(h.el[0], h.gx)
	h.secondRow(h.el[1], 1, 2, z, y)
	if !h.threeD {
		h.secondRow(h.el[2], 1, 1, z, y)
		return h.el
	}
	h.secondRow(h.el[2], 0, 2, z, y)
	h.secondRow(h.el[3], 1, 1, z, y)
	h.secondRow(h.el[4], 0, 1, z, y)
	h.secondRow(h.el[5], 0, 0, z, y)
	return h.el
}

// symEig3 returns the eigenvalues of the symmetric matrix [[a, d, e], [d, b, f],
// [e, f, c]] in decreasing order: the trigonometric solution of the characteristic
// cubic, or Jacobi rotations where two eigenvalues nearly coincide (there the cubic's
// roots lose accuracy).
func symEig3(a, b, c, d, e, f float64) (float64, float64, float64) {
	p1 := d*d + e*e + f*f
	if p1 == 0 {
		return sort3Desc(a, b, c)
	}
	q := (a + b + c) / 3
	a0, b0, c0 := a-q, b-q, c-q
	p := math.Sqrt((a0*a0 + b0*b0 + c0*c0 + 2*p1) / 6)
	ip := 1 / p
	ba, bb, bc, bd, be, bf := a0*ip, b0*ip, c0*ip, d*ip, e*ip, f*ip
	r := (ba*(bb*bc-bf*bf) - bd*(bd*bc-bf*be) + be*(bd*bf-bb*be)) / 2
	if !(1-math.Abs(r) > 1e-8) { // near a double root, or NaN/Inf
		if math.IsNaN(r) || math.IsInf(p, 0) {
			nan := math.NaN()
			return nan, nan, nan
		}
		return jacobiEig3(a, b, c, d, e, f)
	}
	phi := math.Acos(r) / 3
	l1 := q + 2*p*math.Cos(phi)
	l3 := q + 2*p*math.Cos(phi+2*math.Pi/3)
	l2 := 3*q - l1 - l3
	return sort3Desc(l1, l2, l3)
}

// jacobiEig3 returns the eigenvalues of the symmetric 3x3 matrix of symEig3 by cyclic
// Jacobi rotations, in decreasing order.
func jacobiEig3(a, b, c, d, e, f float64) (float64, float64, float64) {
	m := [3][3]float64{{a, d, e}, {d, b, f}, {e, f, c}}
	for sweep := 0; sweep < 50; sweep++ {
		off := m[0][1]*m[0][1] + m[0][2]*m[0][2] + m[1][2]*m[1][2]
		if off == 0 {
			break
		}
		for _, pq := range [3][2]int{{0, 1}, {0, 2}, {1, 2}} {
			p, q := pq[0], pq[1]
			if m[p][q] == 0 {
				continue
			}
			theta := (m[q][q] - m[p][p]) / (2 * m[p][q])
			t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
			if theta < 0 {
				t = -t
			}
			if math.IsInf(theta, 0) {
				t = 0
			}
			cs := 1 / math.Sqrt(t*t+1)
			sn := t * cs
			for k := range 3 { // columns p, q
				mkp, mkq := m[k][p], m[k][q]
				m[k][p], m[k][q] = cs*mkp-sn*mkq, sn*mkp+cs*mkq
			}
			for k := range 3 { // rows p, q
				mpk, mqk := m[p][k], m[q][k]
				m[p][k], m[q][k] = cs*mpk-sn*mqk, sn*mpk+cs*mqk
			}
			m[p][q], m[q][p] = 0, 0
		}
	}
	return sort3Desc(m[0][0], m[1][1], m[2][2])
}

// sort3Desc returns a, b, c in decreasing order.
func sort3Desc(a, b, c float64) (float64, float64, float64) {
	if a < b {
		a, b = b, a
	}
	if b < c {
		b, c = c, b
	}
	if a < b {
		a, b = b, a
	}
	return a, b, c
}
