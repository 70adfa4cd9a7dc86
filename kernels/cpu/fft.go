package cpu

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// FFT convolution. kernreg's FFT-based kernels convolve with separable kernels (a 1D
// kernel per axis), so an N-D convolution is a 1D convolution along each axis in turn,
// each done line by line with gonum's real FFT (FFTPACK) on lines zero-padded to a fast
// length (a product of 2, 3 and 5). Arithmetic is float64 throughout.

// FFTConvolveParams are the parameters of FFTConvolve.
type FFTConvolveParams struct {
	// Standard deviation of the Gaussian kernel, one value for every axis or one per axis (Z, Y, X).
	Sigma []float64 `default:"1" min:"0"`
	// Cut the kernel off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// FFTConvolve convolves the image with a Gaussian kernel by FFT, as
// scipy.signal.fftconvolve(image, kernel, mode='same') does: the image is zero outside
// its edges and the result is the centred part of the full convolution, shaped like
// the image. The kernel is separable: along each axis with sigma s > 0 it has radius
// r = int(truncate*s + 0.5) and weights exp(-x²/(2s²)) for x in [-r, r], normalised to
// sum 1 (the weights of gaussian_filter), and the N-D kernel is their outer product; an
// axis with s = 0 is left as it is. Computed in float64 and rounded once to float32, so
// results are within float64 FFT rounding of the exact convolution (scipy's float32 FFT
// is less accurate; the reference runs it in float64).
//
//kernreg:op name=fft_convolve tags=filter,smoothing,fft ref="scipy.signal.fftconvolve(image,gaussian_kernel,mode='same')" slices=coupled
func FFTConvolve(dst, image Array, p FFTConvolveParams) error {
	const op = "fft_convolve"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	kernels, err := FFTConvolveKernels(len(image.Shape), p)
	if err != nil {
		return err
	}
	work := make([]float64, len(image.Data))
	parallel(len(work), ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			work[i] = float64(image.Data[i])
		}
	})
	for axis, w := range kernels {
		if w != nil {
			fftConvolveAxis(work, image.Shape, axis, w)
		}
	}
	parallel(len(work), ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] = float32(work[i])
		}
	})
	return nil
}

// FFTConvolveKernels checks fft_convolve's parameters for a rank-D image and returns the
// 1D kernel of each axis (the weights of gaussian_filter), nil where sigma is 0.
func FFTConvolveKernels(rank int, p FFTConvolveParams) ([][]float64, error) {
	const op = "fft_convolve"
	sigma, err := perAxisFloats(op+": sigma", p.Sigma, rank)
	if err != nil {
		return nil, err
	}
	if !(p.Truncate >= 0) || math.IsInf(p.Truncate, 0) {
		return nil, fmt.Errorf("%s: truncate must be finite and >= 0, got %v", op, p.Truncate)
	}
	kernels := make([][]float64, len(sigma))
	for axis, s := range sigma {
		if !(s >= 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("%s: sigma must be finite and >= 0, got %v", op, s)
		}
		r := p.Truncate*s + 0.5
		if r > float64(maxFFTRadius) {
			return nil, fmt.Errorf("%s: sigma %v with truncate %v gives a kernel radius of %.0f, more than %d",
				op, s, p.Truncate, r, maxFFTRadius)
		}
		if s > 0 {
			kernels[axis] = gaussianWeights(s, int(r))
		}
	}
	return kernels, nil
}

// maxFFTRadius bounds a kernel radius, so that a mistyped sigma is an error rather than
// an enormous padded line.
const maxFFTRadius = 1 << 22

// nextFastLen returns the smallest n >= m whose only prime factors are 2, 3 and 5,
// lengths for which FFTPACK has dedicated passes.
func nextFastLen(m int) int {
	if m <= 1 {
		return 1
	}
	best := math.MaxInt
	for p5 := 1; p5 < best; p5 *= 5 {
		for p35 := p5; p35 < best; p35 *= 3 {
			n := p35
			for n < m {
				n *= 2
			}
			best = min(best, n)
			if p35 >= m {
				break
			}
		}
		if p5 >= m {
			break
		}
	}
	return best
}

// fftConvolveAxis replaces every line of data along axis by its 'same' convolution with
// w (odd length, centred on len(w)/2, zero outside the line): out[i] = Σ_m w[m]·in[i +
// len(w)/2 - m]. Each line is zero-padded to a fast length P >= n + len(w)/2, which
// leaves the outputs free of wrap-around, and multiplied with the kernel's spectrum.
func fftConvolveAxis(data []float64, shape []int, axis int, w []float64) {
	n := shape[axis]
	r := len(w) / 2
	size := nextFastLen(n + r)
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	// The kernel, wrapped so that its centre is at index 0: h[m mod P] = w[m + r].
	plan := fourier.NewFFT(size)
	h := make([]float64, size)
	for m := -r; m <= r; m++ {
		h[(m+size)%size] += w[m+r]
	}
	spec := plan.Coefficients(nil, h)
	scale := 1 / float64(size)
	for i := range spec {
		spec[i] *= complex(scale, 0)
	}
	// Lines are taken in groups of up to 8 neighbours (consecutive in memory when the
	// axis is not the last), so that strided reads use whole cache lines.
	const group = 8
	outer := len(data) / (n * stride)
	groups := (stride + group - 1) / group
	parallel(outer*groups, max(1, 1<<14/(size*group)), func(lo, hi int) {
		t := fourier.NewFFT(size)
		var seq [group][]float64
		for g := range seq {
			seq[g] = make([]float64, size)
		}
		coef := make([]complex128, size/2+1)
		for gi := lo; gi < hi; gi++ {
			o, g0 := gi/groups, (gi%groups)*group
			k := min(group, stride-g0)
			base := o*n*stride + g0
			for i := range n {
				row := data[base+i*stride : base+i*stride+k]
				for g, v := range row {
					seq[g][i] = v
				}
			}
			for g := range k {
				clear(seq[g][n:])
				t.Coefficients(coef, seq[g])
				for i, c := range spec {
					coef[i] *= c
				}
				t.Sequence(seq[g], coef)
			}
			for i := range n {
				row := data[base+i*stride : base+i*stride+k]
				for g := range row {
					row[g] = seq[g][i]
				}
			}
		}
	})
}
