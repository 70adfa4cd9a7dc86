package cpu_test

import (
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of the elementwise, projection and stack kernels on a 2048x2048 image and a
// 64x512x512 stack (skipped with -short). SetBytes counts the bytes read and written, so
// MB/s compares with memory bandwidth.

var benchShapes = []struct {
	name  string
	shape []int
}{
	{"2048x2048", []int{2048, 2048}},
	{"64x512x512", []int{64, 512, 512}},
}

func benchArray(shape []int, seed uint64) cpu.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	a := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range a.Data {
		a.Data[i] = rng.Float32()*1000 + 1
	}
	return a
}

func benchEach(b *testing.B, volumeOnly bool, run func(b *testing.B, x, y cpu.Array)) {
	for _, s := range benchShapes {
		if volumeOnly && len(s.shape) == 2 {
			continue
		}
		b.Run(s.name, func(b *testing.B) {
			if len(s.shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped with -short")
			}
			x, y := benchArray(s.shape, 1), benchArray(s.shape, 2)
			b.ResetTimer()
			run(b, x, y)
		})
	}
}

func benchBinary(b *testing.B, fn func(dst, x, y cpu.Array) error) {
	benchEach(b, false, func(b *testing.B, x, y cpu.Array) {
		dst := cpu.Array{Shape: x.Shape, Data: make([]float32, len(x.Data))}
		b.SetBytes(int64(12 * len(x.Data)))
		for b.Loop() {
			if err := fn(dst, x, y); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchUnary(b *testing.B, fn func(dst, x cpu.Array) error) {
	benchEach(b, false, func(b *testing.B, x, _ cpu.Array) {
		dst := cpu.Array{Shape: x.Shape, Data: make([]float32, len(x.Data))}
		b.SetBytes(int64(8 * len(x.Data)))
		for b.Loop() {
			if err := fn(dst, x); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkAddImages(b *testing.B)     { benchBinary(b, cpu.AddImages) }
func BenchmarkDivideImages(b *testing.B)  { benchBinary(b, cpu.DivideImages) }
func BenchmarkMaximumImages(b *testing.B) { benchBinary(b, cpu.MaximumImages) }
func BenchmarkAbsolute(b *testing.B)      { benchUnary(b, cpu.Absolute) }
func BenchmarkSquareRoot(b *testing.B)    { benchUnary(b, cpu.SquareRoot) }
func BenchmarkExponential(b *testing.B)   { benchUnary(b, cpu.Exponential) }

func BenchmarkMultiplyImageAndScalar(b *testing.B) {
	benchUnary(b, func(d, x cpu.Array) error {
		return cpu.MultiplyImageAndScalar(d, x, cpu.MultiplyScalarParams{Scalar: 1.5})
	})
}

func BenchmarkPower(b *testing.B) {
	benchUnary(b, func(d, x cpu.Array) error { return cpu.Power(d, x, cpu.PowerParams{Exponent: 2.2}) })
}

func benchProjection(b *testing.B, fn func(cpu.Plane, cpu.Volume) error) {
	benchEach(b, true, func(b *testing.B, x, _ cpu.Array) {
		dst := cpu.Plane{Shape: x.Shape[1:], Data: make([]float32, len(x.Data)/x.Shape[0])}
		b.SetBytes(int64(4 * (len(x.Data) + len(dst.Data))))
		for b.Loop() {
			if err := fn(dst, cpu.Volume(x)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMaximumZProjection(b *testing.B) { benchProjection(b, cpu.MaximumZProjection) }
func BenchmarkMeanZProjection(b *testing.B)    { benchProjection(b, cpu.MeanZProjection) }
func BenchmarkStdZProjection(b *testing.B)     { benchProjection(b, cpu.StdZProjection) }
func BenchmarkZPositionOfMaximumZProjection(b *testing.B) {
	benchProjection(b, cpu.ZPositionOfMaximumZProjection)
}

func benchStack(b *testing.B, fn func(dst, x cpu.Volume) error) {
	benchEach(b, true, func(b *testing.B, x, _ cpu.Array) {
		dst := cpu.Volume{Shape: x.Shape, Data: make([]float32, len(x.Data))}
		b.SetBytes(int64(8 * len(x.Data)))
		for b.Loop() {
			if err := fn(dst, cpu.Volume(x)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBleachCorrection(b *testing.B) {
	benchStack(b, func(d, x cpu.Volume) error {
		return cpu.BleachCorrection(d, x, cpu.BleachCorrectionParams{Background: 10})
	})
}

func BenchmarkSubtractZMedian(b *testing.B) { benchStack(b, cpu.SubtractZMedian) }
