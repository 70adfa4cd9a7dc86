package cpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/internal/npmath"
)

// GaussianDerivativeParams are the parameters of GaussianDerivative.
type GaussianDerivativeParams struct {
	// Standard deviation of the Gaussian, one value for every axis or one per axis (Z, Y, X).
	Sigma []float64 `default:"1" min:"0"`
	// Order of the derivative, one value for every axis or one per axis (Z, Y, X); 0
	// smooths along that axis.
	Order []int `default:"0" min:"0" max:"16"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
	// Cut the kernel off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// GaussianDerivative computes scipy.ndimage.gaussian_filter(image, sigma, order=order):
// for every axis with sigma > 1e-15, in axis order, a GaussianFilter1D pass with that
// axis's sigma and derivative order, each rounded to float32. As in scipy, an axis with
// sigma <= 1e-15 gets no pass at all, so its order is ignored, and with no pass the
// result is the image.
//
//kernreg:op name=gaussian_derivative tags=filter,derivative,smoothing ref=scipy.ndimage.gaussian_filter slices=coupled
func GaussianDerivative(dst, image Array, p GaussianDerivativeParams) error {
	const op = "gaussian_derivative"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	sigma, order, mode, err := gaussianDerivativeParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	gaussianPasses(dst.Data, image.Data, image.Shape, sigma, order, mode, p.Cval, p.Truncate)
	return nil
}

// gaussianDerivativeParams checks GaussianDerivative's parameters for an image of the
// given rank and returns sigma and order per axis and the mode.
func gaussianDerivativeParams(op string, rank int, p GaussianDerivativeParams) ([]float64, []int, Mode, error) {
	sigma, mode, err := gaussianParams(op, rank, GaussianParams{Sigma: p.Sigma, Mode: p.Mode, Cval: p.Cval, Truncate: p.Truncate})
	if err != nil {
		return nil, nil, 0, err
	}
	order, err := perAxisInts(op+": order", p.Order, rank)
	if err != nil {
		return nil, nil, 0, err
	}
	for _, o := range order {
		if o < 0 || o > maxGaussianOrder {
			return nil, nil, 0, fmt.Errorf("%s: order must be in [0, %d], got %d", op, maxGaussianOrder, o)
		}
	}
	return sigma, order, mode, nil
}

// maxGaussianOrder bounds the derivative order of the Gaussian kernels (scipy has no
// bound; beyond a few orders the kernels are numerically meaningless).
const maxGaussianOrder = 16

// gaussianRadiusArgs checks truncate, and that every sigma (the parameter name) is finite
// and >= 0 with a bounded kernel radius, as gaussianDerivativeArgs does.
func gaussianRadiusArgs(op, name string, sigma []float64, truncate float64) error {
	if truncate < 0 || math.IsNaN(truncate) || math.IsInf(truncate, 0) {
		return fmt.Errorf("%s: truncate must be finite and >= 0, got %v", op, truncate)
	}
	for _, s := range sigma {
		if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("%s: %s must be finite and >= 0, got %v", op, name, s)
		}
		if r := truncate*s + 0.5; r > maxGaussianRadius {
			return fmt.Errorf("%s: %s %v with truncate %v gives a kernel radius of %.0f, more than %d",
				op, name, s, truncate, r, maxGaussianRadius)
		}
	}
	return nil
}

// gaussianPasses writes to dst scipy's gaussian_filter(src, sigma, order): one
// correlation per axis with sigma > 1e-15, in axis order, each rounded to float32. dst
// may be src.
func gaussianPasses(dst, src []float32, shape []int, sigma []float64, order []int, m Mode, cval, truncate float64) {
	in := src // the first pass reads src, the others dst
	passes := 0
	for axis, s := range sigma {
		if s <= 1e-15 {
			continue
		}
		o := 0
		if order != nil {
			o = order[axis]
		}
		w := gaussianKernelOrder(s, o, int(truncate*s+0.5))
		separablePass(dst, in, shape, axis, len(w)/2, m, cval, foldedCorrelate(w))
		in = dst
		passes++
	}
	if passes == 0 {
		copy(dst, src)
	}
}

// gaussianKernelOrder returns the correlation weights of scipy's gaussian_filter1d:
// _gaussian_kernel1d(sigma, order, r) reversed. The Gaussian exp(-0.5/sigma²·x²) on
// [-r, r] is divided by its numpy pairwise sum; for order > 0 it is multiplied by the
// polynomial q with q₀ = 1 and q_{k+1} = q_k' - q_k·x/sigma², whose coefficients are
// computed as scipy does (the matrix D + P applied order times) and evaluated as a dot
// product in increasing powers.
func gaussianKernelOrder(sigma float64, order, r int) []float64 {
	s2 := sigma * sigma
	phi := make([]float64, 2*r+1)
	c := -0.5 / s2
	for i := range phi {
		x := float64(i - r)
		phi[i] = math.Exp(float64(c * float64(x*x)))
	}
	sum := npmath.PairwiseSum64(phi)
	for i := range phi {
		phi[i] /= sum
	}
	if order == 0 {
		return phi // symmetric: reversing changes nothing
	}
	// (D + P)·q: D·q are the coefficients of q', P·q those of q·p'(x) with p'(x) = -x/s².
	p := 1 / -s2
	q := make([]float64, order+1)
	next := make([]float64, order+1)
	q[0] = 1
	for range order {
		for i := range next {
			acc := 0.0
			if i > 0 {
				acc += float64(p * q[i-1])
			}
			if i < order {
				acc += float64(float64(i+1) * q[i+1])
			}
			next[i] = acc
		}
		q, next = next, q
	}
	w := make([]float64, len(phi))
	for i := range phi {
		x := float64(i - r)
		acc, pow := 0.0, 1.0
		for _, qk := range q {
			acc += float64(pow * qk)
			pow *= x
		}
		w[len(w)-1-i] = acc * phi[i]
	}
	return w
}

// foldedCorrelate is correlateFolded computing four outputs at a time (each weight is
// loaded once for four pixels); the terms of every output are added in the same order,
// so results are identical.
func foldedCorrelate(w []float64) lineFilter {
	fold := foldOf(w)
	if fold == 0 {
		return correlateFolded(w)
	}
	return func(padded, out []float64) {
		if fold > 0 {
			foldedLine(padded, out, w, 1)
		} else {
			foldedLine(padded, out, w, -1)
		}
	}
}

// foldedLine sets out[i] = c·w[r] + Σ_{j=r..1} (in[i-j] + sign·in[i+j])·w[r-j] with c =
// in[i] = padded[i+r], in NI_Correlate1D's order.
func foldedLine(padded, out, w []float64, sign float64) {
	r := len(w) / 2
	wc := w[r]
	i := 0
	for ; i+4 <= len(out); i += 4 {
		c := padded[i+r : i+2*r+4 : i+2*r+4] // c[k] is the centre of output i+k
		s0, s1, s2, s3 := float64(c[0]*wc), float64(c[1]*wc), float64(c[2]*wc), float64(c[3]*wc)
		if sign > 0 {
			for j := r; j >= 1; j-- {
				lo, hi, wj := padded[i+r-j:i+r-j+4:i+r-j+4], c[j:j+4:j+4], w[r-j]
				s0 += float64((lo[0] + hi[0]) * wj)
				s1 += float64((lo[1] + hi[1]) * wj)
				s2 += float64((lo[2] + hi[2]) * wj)
				s3 += float64((lo[3] + hi[3]) * wj)
			}
		} else {
			for j := r; j >= 1; j-- {
				lo, hi, wj := padded[i+r-j:i+r-j+4:i+r-j+4], c[j:j+4:j+4], w[r-j]
				s0 += float64((lo[0] - hi[0]) * wj)
				s1 += float64((lo[1] - hi[1]) * wj)
				s2 += float64((lo[2] - hi[2]) * wj)
				s3 += float64((lo[3] - hi[3]) * wj)
			}
		}
		out[i], out[i+1], out[i+2], out[i+3] = s0, s1, s2, s3
	}
	for ; i < len(out); i++ {
		c := padded[i+r:]
		acc := float64(c[0] * wc)
		for j := r; j >= 1; j-- {
			acc += float64((padded[i+r-j] + float64(sign*c[j])) * w[r-j])
		}
		out[i] = acc
	}
}
