package cpu

import (
	"fmt"
	"math"
)

// CorrelateParams are the parameters of Correlate and Convolve.
type CorrelateParams struct {
	// The kernel's weights, flattened in C order (Z, Y, X).
	Weights []float64
	// Shape of the weights, 1 to 3 axes whose product is the number of weights. Missing
	// leading axes have length 1; with 3 axes on a 2D image, the image is a 1-slice
	// volume.
	WeightsShape []int `min:"1"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// Correlate computes the correlation of an image with a kernel of weights, as
// scipy.ndimage.correlate(image, weights, mode=mode, cval=cval) with origin 0:
// out[i] = Σ_j w[j]·in[i + j - c] over every position j of the weights (per axis, c is
// half the length rounded down), the input extended past its edges by mode. As in
// scipy the sum runs in float64 over the weights in C order, skipping weights with
// |w| <= 2⁻⁵² (so a NaN under a zero weight does not spread), starting from 0; the
// result is rounded to float32. Weights must be finite. Weights with fewer axes than the
// image apply along its last axes (a 3x3 kernel on a stack filters each slice); 3D
// weights on a 2D image treat it as a 1-slice volume, whose neighbours along Z come from
// mode (scipy's result for image[None]).
//
//kernreg:op name=correlate tags=filter,linear ref=scipy.ndimage.correlate slices=coupled
func Correlate(dst, image Array, p CorrelateParams) error {
	return correlateND("correlate", dst, image, p, false)
}

// Convolve computes the convolution of an image with a kernel of weights, as
// scipy.ndimage.convolve(image, weights, mode=mode, cval=cval) with origin 0: Correlate
// with the weights reversed on every axis and, on axes of even length L, the window
// shifted so that it covers L/2-1 pixels before the centre and L/2 after it. Sum order,
// skipped weights, rounding and the rank rules are Correlate's.
//
//kernreg:op name=convolve tags=filter,linear ref=scipy.ndimage.convolve slices=coupled
func Convolve(dst, image Array, p CorrelateParams) error {
	return correlateND("convolve", dst, image, p, true)
}

// maxCorrelateWeights bounds the number of weights, so that a mistyped shape is an error
// rather than an enormous allocation.
const maxCorrelateWeights = 1 << 24

// correlateRow is the weights of one row (z, y) of an nD kernel that the sum uses, at
// window positions x.
type correlateRow struct {
	z, y int
	x    []int
	w    []float64
}

// CorrelateTap is one term of a correlation: W times the input at offset (Dz, Dy, Dx)
// from the output pixel.
type CorrelateTap struct {
	Dz, Dy, Dx int
	W          float64
}

// CorrelateTaps checks the parameters of Correlate (or, with convolve, Convolve) and
// returns the terms of its sum in the order they are added, and the mode; the GPU
// kernels run the same sum.
func CorrelateTaps(op string, p CorrelateParams, convolve bool) ([]CorrelateTap, Mode, error) {
	k, err := newCorrelateKernel(op, p, convolve)
	if err != nil {
		return nil, 0, err
	}
	var taps []CorrelateTap
	for _, g := range k.rows {
		for i, x := range g.x {
			taps = append(taps, CorrelateTap{g.z - k.centre[0], g.y - k.centre[1], x - k.centre[2], g.w[i]})
		}
	}
	return taps, k.mode, nil
}

// correlateKernel is a checked kernel of Correlate or Convolve: its shape and centre
// (window position of the output pixel) per axis Z, Y, X, the weights the sum uses,
// grouped by kernel row in C order, and the mode.
type correlateKernel struct {
	shape, centre [3]int
	rows          []correlateRow
	taps          int
	mode          Mode
}

func newCorrelateKernel(op string, p CorrelateParams, convolve bool) (correlateKernel, error) {
	var k correlateKernel
	ws := p.WeightsShape
	if len(ws) < 1 || len(ws) > 3 {
		return k, fmt.Errorf("%s: weights_shape must have 1 to 3 axes, got %v", op, ws)
	}
	n := 1
	for _, d := range ws {
		if d < 1 {
			return k, fmt.Errorf("%s: weights_shape %v has an axis shorter than 1", op, ws)
		}
		if n *= min(d, maxCorrelateWeights+1); n > maxCorrelateWeights {
			return k, fmt.Errorf("%s: weights_shape %v has more than %d weights", op, ws, maxCorrelateWeights)
		}
	}
	if n != len(p.Weights) {
		return k, fmt.Errorf("%s: weights_shape %v needs %d weights, got %d", op, ws, n, len(p.Weights))
	}
	for _, v := range p.Weights {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return k, fmt.Errorf("%s: weights must be finite, got %v", op, v)
		}
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return k, fmt.Errorf("%s: %w", op, err)
	}
	k.mode = mode
	// Work in 3D: the weights get leading axes of length 1.
	for i := range k.shape {
		k.shape[i] = 1
	}
	copy(k.shape[3-len(ws):], ws)
	for i, l := range k.shape {
		k.centre[i] = l / 2
		if convolve {
			k.centre[i] = (l - 1) / 2
		}
	}
	// The weights that scipy keeps, grouped by kernel row (z, y), in C order.
	wz, wy, wx := k.shape[0], k.shape[1], k.shape[2]
	for a := range wz {
		for b := range wy {
			g := correlateRow{z: a, y: b}
			for c := range wx {
				j := (a*wy+b)*wx + c
				if convolve {
					j = n - 1 - j // reversed on every axis is reversed in C order
				}
				if v := p.Weights[j]; math.Abs(v) > 0x1p-52 {
					g.x = append(g.x, c)
					g.w = append(g.w, v)
				}
			}
			if len(g.x) > 0 {
				k.rows = append(k.rows, g)
				k.taps += len(g.x)
			}
		}
	}
	return k, nil
}

func correlateND(op string, dst, image Array, p CorrelateParams, convolve bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	k, err := newCorrelateKernel(op, p, convolve)
	if err != nil {
		return err
	}
	// The image gets leading axes of length 1 too.
	nz, ny, nx := dims3(image.Shape)
	wz, wy, wx := k.shape[0], k.shape[1], k.shape[2]
	rows, taps, mode := k.rows, k.taps, k.mode
	tz := offsetIndex(nz, wz, k.centre[0], mode)
	ty := offsetIndex(ny, wy, k.centre[1], mode)
	before := k.centre[2]
	src, cval := image.Data, p.Cval
	parallel(nz*ny, max(1, (1<<15)/(nx*max(1, taps))), func(lo, hi int) {
		acc := make([]float64, nx)
		line := make([]float64, nx+wx-1) // the padded source row of a kernel row
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			clear(acc)
			for _, g := range rows {
				iz, iy := tz[z+g.z], ty[y+g.y]
				if iz < 0 || iy < 0 {
					for _, wv := range g.w {
						cw := float64(cval * wv)
						for x := range acc {
							acc[x] += cw
						}
					}
					continue
				}
				o := (iz*ny + iy) * nx
				for x, v := range src[o : o+nx] {
					line[before+x] = float64(v)
				}
				extendLine(line, before, nx, mode, cval)
				// Per pixel the row's terms are added in X order, as scipy adds them.
				correlateRowInto(acc, line, g.x, g.w)
			}
			out := dst.Data[r*nx : (r+1)*nx]
			for x, v := range acc {
				out[x] = float32(v)
			}
		}
	})
	return nil
}

// correlateRowInto adds Σ_k w[k]·line[x+off[k]] to acc[x] for every x, the terms of a
// pixel in k order; four pixels at a time share each weight load.
func correlateRowInto(acc, line []float64, off []int, w []float64) {
	w = w[:len(off)]
	x := 0
	for ; x+4 <= len(acc); x += 4 {
		a := acc[x : x+4 : x+4]
		s0, s1, s2, s3 := a[0], a[1], a[2], a[3]
		for k, o := range off {
			l := line[x+o : x+o+4 : x+o+4]
			wk := w[k]
			s0 += float64(l[0] * wk)
			s1 += float64(l[1] * wk)
			s2 += float64(l[2] * wk)
			s3 += float64(l[3] * wk)
		}
		a[0], a[1], a[2], a[3] = s0, s1, s2, s3
	}
	for ; x < len(acc); x++ {
		v := acc[x]
		for k, o := range off {
			v += float64(line[x+o] * w[k])
		}
		acc[x] = v
	}
}

// offsetIndex maps the window positions of a filter of length l centred on position c,
// on an axis of length n, to source indices: element j (j in [0, n+l-1)) is the index of
// coordinate j - c, or -1 where the mode is constant and the coordinate is outside.
func offsetIndex(n, l, c int, m Mode) []int {
	t := make([]int, n+l-1)
	for j := range t {
		t[j] = m.index(j-c, n)
	}
	return t
}
