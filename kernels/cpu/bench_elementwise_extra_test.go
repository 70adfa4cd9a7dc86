package cpu_test

import (
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of comparisons, clip and the extra projections at 2048x2048 and 64x512x512
// (3D skipped with -short); see bench_elementwise_test.go for the inputs.

func BenchmarkGreater(b *testing.B)           { benchBinary(b, cpu.Greater) }
func BenchmarkBinaryAnd(b *testing.B)         { benchBinary(b, cpu.BinaryAnd) }
func BenchmarkSquaredDifference(b *testing.B) { benchBinary(b, cpu.SquaredDifference) }

func BenchmarkGreaterConstant(b *testing.B) {
	benchUnary(b, func(d, x cpu.Array) error {
		return cpu.GreaterConstant(d, x, cpu.CompareScalarParams{Scalar: 500})
	})
}

func BenchmarkClip(b *testing.B) {
	benchUnary(b, func(d, x cpu.Array) error { return cpu.Clip(d, x, cpu.ClipParams{AMin: 200, AMax: 800}) })
}

func BenchmarkAddImagesWeighted(b *testing.B) {
	benchBinary(b, func(d, x, y cpu.Array) error {
		return cpu.AddImagesWeighted(d, x, y, cpu.WeightedParams{Factor1: 0.3, Factor2: 0.7})
	})
}

func BenchmarkMedianZProjection(b *testing.B) { benchProjection(b, cpu.MedianZProjection) }

func BenchmarkExtendedDepthOfFocus(b *testing.B) {
	benchProjection(b, func(d cpu.Plane, x cpu.Volume) error {
		return cpu.ExtendedDepthOfFocus(d, x, cpu.EDFParams{Radius: 2})
	})
}
