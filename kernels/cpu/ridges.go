package cpu

import (
	"fmt"
	"math"
)

// The ridge filters of skimage.filters 0.19 (sato, frangi, meijering) on float32
// images. For every sigma s they compute compute_hessian_eigenvalues(image, s): the
// Hessian of hessian.go (gaussian_filter with sigma s on every axis, truncate 4, the
// filter's mode and cval), every element multiplied by float32(s²), its eigenvalues,
// sorted by value (sato) or by absolute value (frangi, meijering; a stable sort of the
// decreasing eigenvalues, as numpy's argsort is for so few elements). A per-pixel
// response follows in float32, and the result is its maximum over the sigmas. 2D
// results follow skimage's float32 arithmetic operation for operation (exp excepted, see
// Frangi); 3D results carry the rounding of the eigenvalues described in hessian.go.

// SatoParams are the parameters of Sato.
type SatoParams struct {
	// Standard deviations of the Gaussian smoothing, one per scale.
	Sigmas []float64 `default:"1,3,5,7,9" min:"0"`
	// Detect dark ridges on a bright background (true) or bright ridges (false).
	BlackRidges bool `default:"true"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// FrangiParams are the parameters of Frangi.
type FrangiParams struct {
	// Standard deviations of the Gaussian smoothing, one per scale.
	Sigmas []float64 `default:"1,3,5,7,9" min:"0"`
	// Sensitivity to deviation from a plate-like structure (3D only).
	Alpha float64 `default:"0.5"`
	// Sensitivity to deviation from a blob-like structure.
	Beta float64 `default:"0.5"`
	// Sensitivity to areas of high variance (texture, structure).
	Gamma float64 `default:"15"`
	// Detect dark ridges on a bright background (true) or bright ridges (false).
	BlackRidges bool `default:"true"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// MeijeringParams are the parameters of Meijering.
type MeijeringParams struct {
	// Standard deviations of the Gaussian smoothing, one per scale.
	Sigmas []float64 `default:"1,3,5,7,9" min:"0"`
	// Weight of the other eigenvalues in the normalised eigenvalue; -1 (the default)
	// stands for skimage's None, 1/ndim.
	Alpha float64 `default:"-1"`
	// Detect dark ridges on a bright background (true) or bright ridges (false).
	BlackRidges bool `default:"true"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// Sato computes the Sato tubeness filter, as skimage.filters.sato (skimage 0.19) on a
// float32 image: with the eigenvalues sorted by value, l1 <= l2 (<= l3), the response
// at each scale is |l2| in 2D or sqrt(|l2·l3|) in 3D (float32) where the largest
// eigenvalue is > 0, and 0 elsewhere; the result is the maximum over the sigmas. With
// black_ridges=false the image is first inverted as skimage.util.invert does for floats,
// to 1 - image (in float32).
//
//kernreg:op name=sato tags=filter,ridge,vesselness ref=skimage.filters.sato slices=coupled
func Sato(dst, image Array, p SatoParams) error {
	const op = "sato"
	src, err := ridgeArgs(op, dst, image, p.Sigmas, p.Mode, !p.BlackRidges)
	if err != nil {
		return err
	}
	mode, _ := ParseMode(p.Mode)
	threeD := len(image.Shape) == 3
	nx := image.Shape[len(image.Shape)-1]
	ridgeScales(src, image.Shape, p.Sigmas, mode, p.Cval, func(first bool, s float64, g []float32) {
		hessianEigenRows(g, image.Shape, float32(s*s), func(r int, ev [3][]float32) {
			out := dst.Data[r*nx : (r+1)*nx]
			for x := range out {
				var v float32
				if threeD {
					_, l2, l3 := sortAsc3(ev[0][x], ev[1][x], ev[2][x])
					if l3 > 0 {
						v = float32(math.Sqrt(float64(abs32(l2 * l3))))
					}
				} else {
					if _, l2 := sortAsc2(ev[0][x], ev[1][x]); l2 > 0 {
						v = abs32(l2)
					}
				}
				out[x] = maxScale(first, out[x], v)
			}
		})
	})
	return nil
}

// Frangi computes the Frangi vesselness filter, as skimage.filters.frangi (skimage
// 0.19) on a float32 image. With the eigenvalues sorted by absolute value, l1 first,
// and in float32: Rb = (l1 / r)² with r = |l2| (2D) or sqrt(|l2·l3|) (3D), Ra = (l2/l3)²
// (3D; 2D takes exp(-Ra/2α²) = 0), S = l1² + l2² (+ l3²), zero divisors replaced by
// 1e-10, and the response (1 - exp(-Ra/(2α²)))·exp(-Rb/(2β²))·(1 - exp(-S/(2γ²))), set
// to 0 where the largest of l2 (, l3) is > 0; the result is the maximum over the
// sigmas. With black_ridges=true (the default) the image is first inverted to 1 - image.
// numpy's float32 exp is not correctly rounded; this one is, so results may differ from
// skimage's by a few float32 ulps.
//
//kernreg:op name=frangi tags=filter,ridge,vesselness ref=skimage.filters.frangi slices=coupled
func Frangi(dst, image Array, p FrangiParams) error {
	const op = "frangi"
	alphaSq, betaSq, gammaSq, err := frangiWeights(op, p)
	if err != nil {
		return err
	}
	src, err := ridgeArgs(op, dst, image, p.Sigmas, p.Mode, p.BlackRidges)
	if err != nil {
		return err
	}
	mode, _ := ParseMode(p.Mode)
	threeD := len(image.Shape) == 3
	nx := image.Shape[len(image.Shape)-1]
	ridgeScales(src, image.Shape, p.Sigmas, mode, p.Cval, func(first bool, s float64, g []float32) {
		hessianEigenRows(g, image.Shape, float32(s*s), func(r int, ev [3][]float32) {
			out := dst.Data[r*nx : (r+1)*nx]
			for x := range out {
				var v float32
				if threeD {
					l1, l2, l3 := sortAbs3(ev[0][x], ev[1][x], ev[2][x])
					ra := float32(l2 / nonzero32(l3))
					ra = ra * ra
					raw := float32(math.Sqrt(float64(abs32(l2 * l3))))
					rb := float32(l1 / nonzero32(raw))
					rb = rb * rb
					rg := float32(float32(l1*l1)+float32(l2*l2)) + float32(l3*l3)
					v = float32(float32(1-exp32(-ra/alphaSq))*exp32(-rb/betaSq)) * float32(1-exp32(-rg/gammaSq))
					if maxNaN32(l2, l3) > 0 {
						v = 0
					}
				} else {
					l1, l2 := sortAbs2(ev[0][x], ev[1][x])
					rb := float32(l1 / nonzero32(abs32(l2)))
					rb = rb * rb
					rg := float32(l1*l1) + float32(l2*l2)
					v = exp32(-rb/betaSq) * float32(1-exp32(-rg/gammaSq))
					if l2 > 0 {
						v = 0
					}
				}
				out[x] = maxScale(first, out[x], v)
			}
		})
	})
	return nil
}

// Meijering computes the Meijering neuriteness filter, as skimage.filters.meijering
// (skimage 0.19) on a float32 image. skimage 0.19's normalised eigenvalue reduces to the
// eigenvalue l of largest magnitude times the sum of the coefficients: aux = l·α + l
// (2D) or (l·α + l·α) + l (3D), in float32 with α = alpha (1/ndim by default). With m
// the minimum of aux over the whole image (1e-10 if it is 0), the response is aux/m
// where aux < 0 and 0 elsewhere; the result is the maximum over the sigmas. With
// black_ridges=true (the default) the image is first inverted to 1 - image.
//
//kernreg:op name=meijering tags=filter,ridge,neurite ref=skimage.filters.meijering slices=coupled
func Meijering(dst, image Array, p MeijeringParams) error {
	const op = "meijering"
	a32, err := meijeringAlpha(op, p.Alpha, len(image.Shape))
	if err != nil {
		return err
	}
	src, err := ridgeArgs(op, dst, image, p.Sigmas, p.Mode, p.BlackRidges)
	if err != nil {
		return err
	}
	mode, _ := ParseMode(p.Mode)
	threeD := len(image.Shape) == 3
	nx := image.Shape[len(image.Shape)-1]
	aux := make([]float32, len(image.Data))
	ridgeScales(src, image.Shape, p.Sigmas, mode, p.Cval, func(first bool, s float64, g []float32) {
		hessianEigenRows(g, image.Shape, float32(s*s), func(r int, ev [3][]float32) {
			out := aux[r*nx : (r+1)*nx]
			for x := range out {
				var l float32
				if threeD {
					_, _, l = sortAbs3(ev[0][x], ev[1][x], ev[2][x])
					out[x] = float32(float32(l*a32)+float32(l*a32)) + l
				} else {
					_, l = sortAbs2(ev[0][x], ev[1][x])
					out[x] = float32(l*a32) + l
				}
			}
		})
		m := nonzero32(minNaN32(aux))
		parallel(len(aux), 1<<15, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				var v float32
				if a := aux[i]; a < 0 {
					v = a / m
				}
				dst.Data[i] = maxScale(first, dst.Data[i], v)
			}
		})
	})
	return nil
}

// meijeringAlpha checks Meijering's alpha and returns it as float32, 1/rank for the
// default -1 (skimage's None).
func meijeringAlpha(op string, alpha float64, rank int) (float32, error) {
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return 0, fmt.Errorf("%s: alpha must be finite, got %v", op, alpha)
	}
	if alpha == -1 {
		alpha = 1 / float64(rank)
	}
	return float32(alpha), nil
}

// frangiWeights checks Frangi's alpha, beta and gamma and returns the denominators
// 2·alpha², 2·beta², 2·gamma² of its exponents: computed in Python floats, rounded to
// float32 when numpy divides by them.
func frangiWeights(op string, p FrangiParams) (alphaSq, betaSq, gammaSq float32, err error) {
	for _, v := range []struct {
		name string
		x    float64
	}{{"alpha", p.Alpha}, {"beta", p.Beta}, {"gamma", p.Gamma}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) {
			return 0, 0, 0, fmt.Errorf("%s: %s must be finite, got %v", op, v.name, v.x)
		}
	}
	return float32(2 * (p.Alpha * p.Alpha)), float32(2 * (p.Beta * p.Beta)), float32(2 * (p.Gamma * p.Gamma)), nil
}

// ridgeArgs checks the arguments common to the ridge filters and returns the image to
// filter: the image, or 1 - image (float32) when invert is set.
func ridgeArgs(op string, dst, image Array, sigmas []float64, modeName string, invert bool) ([]float32, error) {
	if err := checkPair(op, dst, image); err != nil {
		return nil, err
	}
	if _, err := ridgeParams(op, image.Shape, sigmas, modeName); err != nil {
		return nil, err
	}
	if !invert {
		return image.Data, nil
	}
	inv := make([]float32, len(image.Data))
	parallel(len(inv), 1<<15, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			inv[i] = 1 - image.Data[i]
		}
	})
	return inv, nil
}

// ridgeParams checks the shape and parameters common to the ridge filters and returns
// the mode.
func ridgeParams(op string, shape []int, sigmas []float64, modeName string) (Mode, error) {
	if err := hessianShape(op, shape); err != nil {
		return 0, err
	}
	if len(sigmas) == 0 {
		return 0, fmt.Errorf("%s: sigmas must not be empty", op)
	}
	if err := gaussianRadiusArgs(op, "sigmas", sigmas, 4); err != nil {
		return 0, err
	}
	mode, err := ParseMode(modeName)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	return mode, nil
}

// ridgeScales calls fn for every sigma, in order, with the image smoothed by
// gaussian_filter(src, sigma, truncate=4) on every axis; first is set for the first
// sigma. The smoothed buffer is reused.
func ridgeScales(src []float32, shape []int, sigmas []float64, m Mode, cval float64, fn func(first bool, s float64, g []float32)) {
	g := make([]float32, len(src))
	per := make([]float64, len(shape))
	for i, s := range sigmas {
		for a := range per {
			per[a] = s
		}
		gaussianPasses(g, src, shape, per, nil, m, cval, 4)
		fn(i == 0, s, g)
	}
}

// maxScale is np.max over the scales so far: v for the first scale, else the larger
// of old and v, NaN if either is NaN.
func maxScale(first bool, old, v float32) float32 {
	if first {
		return v
	}
	return max(old, v)
}

func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }

// exp32 is exp in float32 (correctly rounded through float64; numpy's may be off by an
// ulp or two).
func exp32(v float32) float32 { return float32(math.Exp(float64(v))) }

// nonzero32 is skimage's _divide_nonzero denominator: 1e-10 (as float32) for 0.
func nonzero32(v float32) float32 {
	if v == 0 {
		return 1e-10
	}
	return v
}

// maxNaN32 is np.max of two values: NaN if either is NaN.
func maxNaN32(a, b float32) float32 { return max(a, b) }

// minNaN32 is np.min of a float32 array: NaN if any element is NaN.
func minNaN32(a []float32) float32 {
	m := a[0]
	for _, v := range a {
		if v != v {
			return v
		}
		m = min(m, v)
	}
	return m
}

// lessNaN is numpy's sort order for floats: NaN after everything.
func lessNaN(a, b float32) bool { return a < b || (b != b && a == a) }

// sortAsc3 is np.sort of three values (ascending, NaN last).
func sortAsc3(a, b, c float32) (float32, float32, float32) {
	v := [3]float32{a, b, c}
	insertionSort3(&v, func(x float32) float32 { return x })
	return v[0], v[1], v[2]
}

// sortAsc2 is np.sort of two values (ascending, NaN last).
func sortAsc2(a, b float32) (float32, float32) {
	if lessNaN(b, a) {
		return b, a
	}
	return a, b
}

// sortAbs3 is skimage's _sortbyabs of three eigenvalues given in decreasing order: a
// stable sort by absolute value (NaN last).
func sortAbs3(a, b, c float32) (float32, float32, float32) {
	v := [3]float32{a, b, c}
	insertionSort3(&v, abs32)
	return v[0], v[1], v[2]
}

// sortAbs2 is sortAbs3 for two eigenvalues.
func sortAbs2(a, b float32) (float32, float32) {
	if lessNaN(abs32(b), abs32(a)) {
		return b, a
	}
	return a, b
}

// insertionSort3 is numpy's small-array insertion sort by key: stable.
func insertionSort3(v *[3]float32, key func(float32) float32) {
	for i := 1; i < 3; i++ {
		x := v[i]
		j := i
		for ; j > 0 && lessNaN(key(x), key(v[j-1])); j-- {
			v[j] = v[j-1]
		}
		v[j] = x
	}
}
