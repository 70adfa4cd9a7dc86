package cpu_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of background estimation, restoration and FFT convolution on a synthetic
// fluorescence image (bright blurred nuclei on a ramp, with noise): counts for the
// background kernels, scaled to [0, 1] for the restoration kernels, as skimage expects.

// benchCells returns nuclei-like blobs (about one per 4000 pixels, radius 3-6) on a
// ramp from 50 to 150, with Gaussian noise of the Poisson's size, float32 counts.
func benchCells(shape []int, seed uint64) cpu.Array {
	nz, ny, nx := 1, shape[0], shape[1]
	if len(shape) == 3 {
		nz, ny, nx = shape[0], shape[1], shape[2]
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	img := make([]float64, nz*ny*nx)
	for range len(img) / 4000 {
		cz, cy, cx := rng.IntN(nz), rng.IntN(ny), rng.IntN(nx)
		r := 3 + 3*rng.Float64()
		amp := 300 + 500*rng.Float64()
		ri := int(2*r) + 1
		for z := max(0, cz-ri/2); z < min(nz, cz+ri/2+1); z++ {
			for y := max(0, cy-ri); y < min(ny, cy+ri+1); y++ {
				for x := max(0, cx-ri); x < min(nx, cx+ri+1); x++ {
					dz, dy, dx := float64(2*(z-cz)), float64(y-cy), float64(x-cx)
					img[(z*ny+y)*nx+x] += amp * math.Exp(-(dz*dz+dy*dy+dx*dx)/(2*r*r))
				}
			}
		}
	}
	out := cpu.Array{Shape: shape, Data: make([]float32, len(img))}
	for i, v := range img {
		v += 50 + 100*float64(i%nx)/float64(nx)
		out.Data[i] = float32(math.Round(max(0, v+math.Sqrt(v)*rng.NormFloat64())))
	}
	return out
}

// benchUnit is benchCells scaled to [0, 1].
func benchUnit(shape []int, seed uint64) cpu.Array {
	a := benchCells(shape, seed)
	m := float32(0)
	for _, v := range a.Data {
		m = max(m, v)
	}
	for i := range a.Data {
		a.Data[i] /= m
	}
	return a
}

func benchImage(b *testing.B, shapes [][]int, gen func([]int, uint64) cpu.Array, fn func(dst, x cpu.Array) error) {
	for _, shape := range shapes {
		name := "2048x2048"
		switch {
		case len(shape) == 3:
			name = "64x512x512"
		case shape[0] == 512:
			name = "512x512"
		}
		b.Run(name, func(b *testing.B) {
			if len(shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped with -short")
			}
			x := gen(shape, 1)
			dst := cpu.Array{Shape: shape, Data: make([]float32, len(x.Data))}
			b.ResetTimer()
			for b.Loop() {
				if err := fn(dst, x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var (
	shapes2D3D = [][]int{{2048, 2048}, {64, 512, 512}}
	shapes2D   = [][]int{{512, 512}, {2048, 2048}}
)

func BenchmarkRollingBall(b *testing.B) {
	benchImage(b, shapes2D, benchCells, func(d, x cpu.Array) error {
		return cpu.RollingBall(d, x, cpu.RollingBallParams{Radius: 50})
	})
}

func BenchmarkSubtractGaussianBackground(b *testing.B) {
	benchImage(b, shapes2D3D, benchCells, func(d, x cpu.Array) error {
		return cpu.SubtractGaussianBackground(d, x, cpu.SubtractGaussianBackgroundParams{Sigma: []float64{10}, Mode: "reflect", Truncate: 4})
	})
}

func BenchmarkRichardsonLucy(b *testing.B) {
	benchImage(b, shapes2D3D, benchUnit, func(d, x cpu.Array) error {
		return cpu.RichardsonLucy(d, x, cpu.RichardsonLucyParams{PSFSigma: []float64{2}, PSFSize: []int{9}, NumIter: 10, Clip: true})
	})
}

func BenchmarkDenoiseTVChambolle(b *testing.B) {
	benchImage(b, shapes2D3D, benchUnit, func(d, x cpu.Array) error {
		return cpu.DenoiseTVChambolle(d, x, cpu.DenoiseTVChambolleParams{Weight: 0.1, Eps: 2e-4, MaxNumIter: 200})
	})
}

func BenchmarkFFTConvolve(b *testing.B) {
	benchImage(b, shapes2D3D, benchCells, func(d, x cpu.Array) error {
		return cpu.FFTConvolve(d, x, cpu.FFTConvolveParams{Sigma: []float64{2}, Truncate: 4})
	})
}
