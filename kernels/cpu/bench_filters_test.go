package cpu_test

import (
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of the filter family (filters.go, edges2d.go) on a 2048x2048 image and a
// 64x512x512 stack (skipped with -short). PURE_2D kernels run slice by slice on the stack,
// as the registry runs them. SetBytes counts one read and one write per pixel.

var filtBenchShapes = []struct {
	name  string
	shape []int
}{
	{"2048x2048", []int{2048, 2048}},
	{"64x512x512", []int{64, 512, 512}},
}

func filtBenchImage(shape []int) cpu.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	rng := rand.New(rand.NewPCG(7, 11))
	a := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range a.Data {
		a.Data[i] = rng.Float32() * 1000
	}
	return a
}

func benchFilter(b *testing.B, fn func(dst, src cpu.Array) error) {
	for _, s := range filtBenchShapes {
		b.Run(s.name, func(b *testing.B) {
			if len(s.shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped with -short")
			}
			src := filtBenchImage(s.shape)
			dst := cpu.Array{Shape: s.shape, Data: make([]float32, len(src.Data))}
			b.SetBytes(int64(8 * len(src.Data)))
			for b.Loop() {
				if err := fn(dst, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchPlanes runs a PURE_2D kernel on the image, or on each slice of the stack.
func benchPlanes(b *testing.B, fn func(dst, src cpu.Plane) error) {
	benchFilter(b, func(dst, src cpu.Array) error {
		if len(src.Shape) == 2 {
			return fn(cpu.Plane(dst), cpu.Plane(src))
		}
		d, s := cpu.Volume(dst), cpu.Volume(src)
		for z := range src.Shape[0] {
			if err := fn(d.Slice(z), s.Slice(z)); err != nil {
				return err
			}
		}
		return nil
	})
}

func BenchmarkMedianFilter3(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.MedianFilter(dst, src, cpu.BoxParams{Size: []int{3}, Mode: "reflect"})
	})
}

func BenchmarkMedianFilter5(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.MedianFilter(dst, src, cpu.BoxParams{Size: []int{5}, Mode: "reflect"})
	})
}

func BenchmarkLaplace(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error { return cpu.Laplace(dst, src, cpu.LaplaceParams{Mode: "reflect"}) })
}

func BenchmarkSobel(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Sobel(dst, src, cpu.EdgeAxisParams{Axis: -1, Mode: "reflect"})
	})
}

func BenchmarkPrewitt(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Prewitt(dst, src, cpu.EdgeAxisParams{Axis: 0, Mode: "reflect"})
	})
}

func BenchmarkGaussianLaplace(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.GaussianLaplace(dst, src, cpu.GaussianParams{Sigma: []float64{2}, Mode: "reflect", Truncate: 4})
	})
}

func BenchmarkGaussianGradientMagnitude(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.GaussianGradientMagnitude(dst, src, cpu.GaussianParams{Sigma: []float64{2}, Mode: "reflect", Truncate: 4})
	})
}

func BenchmarkSobelH(b *testing.B)         { benchPlanes(b, cpu.SobelH) }
func BenchmarkSobelV(b *testing.B)         { benchPlanes(b, cpu.SobelV) }
func BenchmarkPrewittH(b *testing.B)       { benchPlanes(b, cpu.PrewittH) }
func BenchmarkPrewittV(b *testing.B)       { benchPlanes(b, cpu.PrewittV) }
func BenchmarkScharrH(b *testing.B)        { benchPlanes(b, cpu.ScharrH) }
func BenchmarkScharrV(b *testing.B)        { benchPlanes(b, cpu.ScharrV) }
func BenchmarkRoberts(b *testing.B)        { benchPlanes(b, cpu.Roberts) }
func BenchmarkRobertsPosDiag(b *testing.B) { benchPlanes(b, cpu.RobertsPosDiag) }
func BenchmarkRobertsNegDiag(b *testing.B) { benchPlanes(b, cpu.RobertsNegDiag) }
