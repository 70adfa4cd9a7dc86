package cpu

import (
	"fmt"
	"math"
)

// Restoration: deconvolution and total-variation denoising after scikit-image, computed
// in float64 and rounded once to float32.

// RichardsonLucyParams are the parameters of RichardsonLucy.
type RichardsonLucyParams struct {
	// Standard deviation of the Gaussian point spread function, one value for every axis or one per axis (Z, Y, X); 0 makes the PSF a delta along that axis.
	PSFSigma []float64 `default:"1" min:"0" param:"psf_sigma"`
	// Edge length of the PSF array (odd), one value for every axis or one per axis (Z, Y, X).
	PSFSize []int `default:"5" min:"1" param:"psf_size"`
	// Number of iterations.
	NumIter int `default:"50" min:"0" max:"100000"`
	// Limit the result to [-1, 1], as skimage does by default.
	Clip bool `default:"true"`
	// Where the blurred estimate is below this value the correction factor is 0; 0 (skimage's None) disables the filter.
	FilterEpsilon float64 `default:"0" min:"0"`
}

// RichardsonLucy deconvolves an image with a Gaussian point spread function by the
// Richardson-Lucy algorithm, as skimage.restoration.richardson_lucy(image, psf, num_iter,
// clip, filter_epsilon) does. The PSF is the outer product over the axes of
// g(j) = exp(-x²/(2s²)), x = j - (size-1)/2 for j in [0, size), normalised to sum 1 (a
// delta where s = 0). Starting from u = 0.5 everywhere, each iteration computes, with
// convolve the 'same'-mode convolution with zeros outside the image (scipy.signal.convolve),
//
//	c = convolve(u, psf) + 1e-12
//	q = image / c, or 0 where c < filter_epsilon (when filter_epsilon > 0)
//	u = u * convolve(q, flip(psf))
//
// and clip limits the result to [-1, 1]. Everything runs in float64 (skimage computes in
// the image's float type); the convolutions are separable, direct for short PSFs and by
// FFT for long ones.
//
//kernreg:op name=richardson_lucy tags=restoration,deconvolution ref=skimage.restoration.richardson_lucy slices=coupled
func RichardsonLucy(dst, image Array, p RichardsonLucyParams) error {
	const op = "richardson_lucy"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	psf, err := richardsonLucyPSF(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	n := len(image.Data)
	img := make([]float64, n)
	u := make([]float64, n)
	c := make([]float64, n)
	tmp := make([]float64, n)
	parallel(n, ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			img[i] = float64(image.Data[i])
			u[i] = 0.5
		}
	})
	// The PSF is symmetric, so flip(psf) is the PSF itself and both convolutions use the
	// same weights.
	convolve := func(a []float64) {
		for axis, w := range psf {
			if len(w) > 1 {
				convolveAxis(a, tmp, image.Shape, axis, w)
			}
		}
	}
	eps := p.FilterEpsilon
	for range p.NumIter {
		copy(c, u)
		convolve(c)
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				v := c[i] + 1e-12
				if eps > 0 && v < eps {
					c[i] = 0
				} else {
					c[i] = img[i] / v
				}
			}
		})
		convolve(c)
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				u[i] *= c[i]
			}
		})
	}
	parallel(n, ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			v := u[i]
			if p.Clip {
				if v > 1 {
					v = 1
				} else if v < -1 {
					v = -1
				}
			}
			dst.Data[i] = float32(v)
		}
	})
	return nil
}

// richardsonLucyPSF checks the parameters of RichardsonLucy for an image of the given
// rank and returns the PSF's 1D weights per axis.
func richardsonLucyPSF(op string, rank int, p RichardsonLucyParams) ([][]float64, error) {
	sigma, err := perAxisFloats(op+": psf_sigma", p.PSFSigma, rank)
	if err != nil {
		return nil, err
	}
	size, err := perAxisInts(op+": psf_size", p.PSFSize, rank)
	if err != nil {
		return nil, err
	}
	if p.NumIter < 0 || p.NumIter > 100000 {
		return nil, fmt.Errorf("%s: num_iter must be in [0, 100000], got %d", op, p.NumIter)
	}
	if !(p.FilterEpsilon >= 0) {
		return nil, fmt.Errorf("%s: filter_epsilon must be >= 0, got %v", op, p.FilterEpsilon)
	}
	psf := make([][]float64, rank)
	for axis := range rank {
		s, k := sigma[axis], size[axis]
		if !(s >= 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("%s: psf_sigma must be finite and >= 0, got %v", op, s)
		}
		if k < 1 || k%2 == 0 || k > 2*maxFFTRadius+1 {
			return nil, fmt.Errorf("%s: psf_size must be odd and in [1, %d], got %d", op, 2*maxFFTRadius+1, k)
		}
		psf[axis] = psfWeights(s, k)
	}
	return psf, nil
}

// psfWeights returns the normalised 1D Gaussian of standard deviation s sampled at the
// size positions centred on (size-1)/2, or a delta for s = 0.
func psfWeights(s float64, size int) []float64 {
	w := make([]float64, size)
	r := (size - 1) / 2
	if s == 0 {
		w[r] = 1
		return w
	}
	sum := 0.0
	for j := range w {
		x := float64(j - r)
		w[j] = math.Exp(-x * x / (2 * s * s))
		sum += w[j]
	}
	for j := range w {
		w[j] /= sum
	}
	return w
}

// directConvolveMax is the longest kernel convolved directly; longer kernels go through
// the FFT, which costs about as much per pixel as a direct kernel of this length.
const directConvolveMax = 48

// convolveAxis replaces every line of a along axis by its 'same' convolution with w (odd
// length, zero outside the line): out[i] = Σ_m w[m]·in[i + len(w)/2 - m]. tmp is scratch
// space as long as a.
func convolveAxis(a, tmp []float64, shape []int, axis int, w []float64) {
	if len(w) > directConvolveMax {
		fftConvolveAxis(a, shape, axis, w)
		return
	}
	r := len(w) / 2
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	sym := true
	for m := range r {
		sym = sym && w[m] == w[len(w)-1-m]
	}
	if stride == 1 {
		pass64(a, a, shape, axis, r, Constant, 0, func(padded, out []float64) {
			for i := range out {
				c := padded[i : i+2*r+1] // c[r+j] is in[i+j]; out[i] = Σ_m w[m]·c[2r-m]
				acc := 0.0
				if sym {
					for m := range r {
						acc += w[m] * (c[2*r-m] + c[m])
					}
					acc += w[r] * c[r]
				} else {
					for m, v := range w {
						acc += v * c[2*r-m]
					}
				}
				out[i] = acc
			}
		})
		return
	}
	// Along an outer axis, output line i is Σ_m w[m]·(input line i + r - m): whole
	// contiguous lines scaled and added, a chunk at a time so the sum stays in cache; a
	// symmetric kernel adds the two lines that share a weight first.
	const chunk = 1024
	outer := len(a) / (n * stride)
	chunks := (stride + chunk - 1) / chunk
	parallel(outer*n*chunks, max(1, 8192/(len(w)*min(chunk, stride))), func(lo, hi int) {
		for t := lo; t < hi; t++ {
			line, c := t/chunks, t%chunks
			o, i := line/n, line%n
			c0, c1 := c*chunk, min((c+1)*chunk, stride)
			acc := tmp[(o*n+i)*stride+c0 : (o*n+i)*stride+c1]
			clear(acc)
			at := func(q int) []float64 {
				if q < 0 || q >= n {
					return nil
				}
				return a[(o*n+q)*stride+c0 : (o*n+q)*stride+c1]
			}
			for m, wm := range w {
				if sym && m > r {
					break
				}
				s1 := at(i + r - m)
				var s2 []float64
				if sym && m < r {
					s2 = at(i - r + m)
				}
				switch {
				case s1 != nil && s2 != nil:
					s2 = s2[:len(s1)]
					for j, v := range s1 {
						acc[j] += wm * (v + s2[j])
					}
				case s1 != nil:
					for j, v := range s1 {
						acc[j] += wm * v
					}
				case s2 != nil:
					for j, v := range s2 {
						acc[j] += wm * v
					}
				}
			}
		}
	})
	copy(a, tmp)
}

// DenoiseTVChambolleParams are the parameters of DenoiseTVChambolle.
type DenoiseTVChambolleParams struct {
	// Denoising weight: the larger, the smoother the result (at the expense of fidelity to the input).
	Weight float64 `default:"0.1" min:"0"`
	// Relative change of the cost function below which the iterations stop.
	Eps float64 `default:"0.0002" min:"0"`
	// Largest number of iterations.
	MaxNumIter int `default:"200" min:"1" max:"100000"`
}

// DenoiseTVChambolle removes noise by minimising the total variation, with Chambolle's
// projection algorithm as skimage.restoration.denoise_tv_chambolle(image, weight, eps,
// max_num_iter) runs it with channel_axis=None: a 3D image is denoised as a volume
// (gradients along Z too), not slice by slice. With p the dual field (one component per
// axis, zero at first), tau = 1/(2·ndim) and N the number of pixels, iteration i computes
//
//	d   = 0 if i = 0, else -Σ_ax p_ax + Σ_ax p_ax shifted by one along ax (backward difference)
//	out = image + d
//	g_ax = forward difference of out along ax (0 at the last index)
//	|g| = sqrt(Σ_ax g_ax²);  E = (Σ d² + weight·Σ|g|) / N
//	p_ax = (p_ax - tau·g_ax) / (1 + |g|·tau/weight)
//
// and stops after max_num_iter iterations, or once |E - E_previous| < eps·E_0 (checked
// from i = 1); the result is the last out. Computed in float64 (skimage uses the image's
// float type); the sums of E are taken row by row in a fixed order, so the number of
// iterations does not depend on the number of threads.
//
//kernreg:op name=denoise_tv_chambolle tags=restoration,denoising ref=skimage.restoration.denoise_tv_chambolle slices=coupled
func DenoiseTVChambolle(dst, image Array, p DenoiseTVChambolleParams) error {
	const op = "denoise_tv_chambolle"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := tvChambolleParams(op, p); err != nil {
		return err
	}
	rank := len(image.Shape)
	nz, ny, nx := dims3(image.Shape)
	n := len(image.Data)
	rows := nz * ny
	img := make([]float64, n)
	out := make([]float64, n)
	pd := make([][]float64, rank) // the dual field, axes in order (Z,) Y, X
	for ax := range pd {
		pd[ax] = make([]float64, n)
	}
	parallel(n, ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			img[i] = float64(image.Data[i])
		}
	})
	copy(out, img)
	ed := make([]float64, rows) // per-row Σ d²
	eg := make([]float64, rows) // per-row Σ |g|
	tau := 1 / (2 * float64(rank))
	tw := tau / p.Weight
	// The strides of the axes, in order (Z,) Y, X.
	all := [3]int{ny * nx, nx, 1}
	stride := all[3-rank:]
	minRows := max(1, 4096/nx)
	var eInit, ePrev float64
	// pd[a] is the component of the dual field along axis a (the last is X); the row
	// loops take the rows they need as slices, nil where the image ends.
	last := rank - 1
	for i := range p.MaxNumIter {
		if i > 0 {
			parallel(rows, minRows, func(lo, hi int) {
				var cur, prev [3][]float64
				for r := lo; r < hi; r++ {
					z, y := r/ny, r%ny
					base := r * nx
					for a := range rank {
						cur[a] = pd[a][base : base+nx]
						prev[a] = nil
					}
					if rank == 3 && z > 0 {
						prev[0] = pd[0][base-stride[0] : base-stride[0]+nx]
					}
					if y > 0 {
						prev[last-1] = pd[last-1][base-nx : base]
					}
					o, im := out[base:base+nx], img[base:base+nx]
					s := 0.0
					for x := range nx {
						sum := cur[0][x] + cur[1][x]
						if rank == 3 {
							sum += cur[2][x]
						}
						d := -sum
						for a := range last { // the outer axes, in order
							if prev[a] != nil {
								d += prev[a][x]
							}
						}
						if x > 0 {
							d += cur[last][x-1]
						}
						o[x] = im[x] + d
						s += d * d
					}
					ed[r] = s
				}
			})
		}
		parallel(rows, minRows, func(lo, hi int) {
			var cur, next [3][]float64
			for r := lo; r < hi; r++ {
				z, y := r/ny, r%ny
				base := r * nx
				o := out[base : base+nx]
				for a := range rank {
					cur[a] = pd[a][base : base+nx]
					next[a] = nil
				}
				if rank == 3 && z < nz-1 {
					next[0] = out[base+stride[0] : base+stride[0]+nx]
				}
				if y < ny-1 {
					next[last-1] = out[base+nx : base+2*nx]
				}
				s := 0.0
				for x := range nx {
					ox := o[x]
					var g [3]float64
					for a := range last {
						if next[a] != nil {
							g[a] = next[a][x] - ox
						}
					}
					if x < nx-1 {
						g[last] = o[x+1] - ox
					}
					ss := g[0]*g[0] + g[1]*g[1]
					if rank == 3 {
						ss += g[2] * g[2]
					}
					norm := math.Sqrt(ss)
					s += norm
					den := norm*tw + 1
					for a := range rank {
						cur[a][x] = (cur[a][x] - tau*g[a]) / den
					}
				}
				eg[r] = s
			}
		})
		e := 0.0
		if i > 0 {
			for _, v := range ed {
				e += v
			}
		}
		sg := 0.0
		for _, v := range eg {
			sg += v
		}
		e = (e + p.Weight*sg) / float64(n)
		if i == 0 {
			eInit, ePrev = e, e
		} else {
			if math.Abs(ePrev-e) < p.Eps*eInit {
				break
			}
			ePrev = e
		}
	}
	parallel(n, ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] = float32(out[i])
		}
	})
	return nil
}

// tvChambolleParams checks the parameters of DenoiseTVChambolle.
func tvChambolleParams(op string, p DenoiseTVChambolleParams) error {
	if !(p.Weight > 0) || math.IsInf(p.Weight, 0) {
		return fmt.Errorf("%s: weight must be finite and > 0, got %v", op, p.Weight)
	}
	if !(p.Eps >= 0) {
		return fmt.Errorf("%s: eps must be >= 0, got %v", op, p.Eps)
	}
	if p.MaxNumIter < 1 || p.MaxNumIter > 100000 {
		return fmt.Errorf("%s: max_num_iter must be in [1, 100000], got %d", op, p.MaxNumIter)
	}
	return nil
}
