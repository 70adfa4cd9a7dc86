package cpu_test

import (
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of the extra morphology family at 2048x2048 and 64x512x512, on the images
// of bench_morphology_test.go: uniform noise for grey-level ops, the blob mask for
// binary ones.

func BenchmarkDistanceTransformEDT(b *testing.B) {
	morphBenchFlex(b, true, func(d, s cpu.Array) error {
		return cpu.DistanceTransformEDT(d, s, cpu.EDTParams{Sampling: []float64{1}})
	})
}

func BenchmarkDistanceTransformCDT(b *testing.B) {
	morphBenchFlex(b, true, func(d, s cpu.Array) error {
		return cpu.DistanceTransformCDT(d, s, cpu.CDTParams{Metric: "chessboard"})
	})
}

func BenchmarkWhiteTophat(b *testing.B) {
	morphBenchFlex(b, false, func(d, s cpu.Array) error {
		return cpu.WhiteTophat(d, s, cpu.GreyParams{Size: []int{5}, Footprint: "box", Mode: "reflect"})
	})
}

func BenchmarkGreyErosionDisk(b *testing.B) {
	morphBenchFlex(b, false, func(d, s cpu.Array) error {
		return cpu.GreyErosion(d, s, cpu.GreyParams{Footprint: "disk", Radius: 3, Mode: "reflect"})
	})
}

func BenchmarkBinaryFillHoles(b *testing.B) {
	morphBenchFlex(b, true, func(d, s cpu.Array) error {
		return cpu.BinaryFillHoles(d, s, cpu.LabelParams{Connectivity: 1})
	})
}

func BenchmarkRemoveSmallObjects(b *testing.B) {
	morphBenchFlex(b, true, func(d, s cpu.Array) error {
		return cpu.RemoveSmallObjects(d, s, cpu.SmallObjectsParams{MinSize: 64, Connectivity: 1})
	})
}

func BenchmarkLocalMaxima(b *testing.B) {
	morphBenchFlex(b, false, func(d, s cpu.Array) error {
		return cpu.LocalMaxima(d, s, cpu.LocalExtremaParams{Connectivity: 3, AllowBorders: true})
	})
}
