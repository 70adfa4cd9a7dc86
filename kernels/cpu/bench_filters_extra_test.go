package cpu_test

import (
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of the extra filters (rank.go, correlate.go, filters1d.go,
// gaussian_orders.go, filters_extra.go, hessian.go, ridges.go) on benchFilter's
// 2048x2048 image and 64x512x512 stack (the stack is skipped with -short).

func BenchmarkPercentileFilter3(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.PercentileFilter(dst, src, cpu.PercentileParams{Percentile: 30, Size: []int{3}, Mode: "reflect"})
	})
}

func BenchmarkPercentileFilter5(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.PercentileFilter(dst, src, cpu.PercentileParams{Percentile: 30, Size: []int{5}, Mode: "reflect"})
	})
}

func BenchmarkRankFilter3(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.RankFilter(dst, src, cpu.RankParams{Rank: 2, Size: []int{3}, Mode: "reflect"})
	})
}

func BenchmarkRankFilter5(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.RankFilter(dst, src, cpu.RankParams{Rank: 2, Size: []int{5}, Mode: "reflect"})
	})
}

// correlateBenchWeights is a 5x5 (2D) or 5x5x5 (3D) kernel of distinct non-zero weights.
func correlateBenchWeights(rank int) cpu.CorrelateParams {
	shape := []int{5, 5}
	if rank == 3 {
		shape = []int{5, 5, 5}
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(i%7+1) / 28
	}
	return cpu.CorrelateParams{Weights: w, WeightsShape: shape, Mode: "reflect"}
}

func BenchmarkCorrelate5(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Correlate(dst, src, correlateBenchWeights(len(src.Shape)))
	})
}

func BenchmarkCorrelate1D(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Correlate1D(dst, src, cpu.Correlate1DParams{Weights: []float64{0.1, 0.2, 0.4, 0.2, 0.1}, Axis: 0, Mode: "reflect"})
	})
}

func BenchmarkGaussianFilter1D(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.GaussianFilter1D(dst, src, cpu.GaussianFilter1DParams{Sigma: 2, Axis: 0, Mode: "reflect", Truncate: 4})
	})
}

func BenchmarkUniformFilter1D(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.UniformFilter1D(dst, src, cpu.Filter1DParams{Size: 7, Axis: 0, Mode: "reflect"})
	})
}

func BenchmarkGaussianDerivative(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.GaussianDerivative(dst, src, cpu.GaussianDerivativeParams{Sigma: []float64{2}, Order: []int{1}, Mode: "reflect", Truncate: 4})
	})
}

func BenchmarkDifferenceOfGaussians(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.DifferenceOfGaussians(dst, src, cpu.DoGParams{LowSigma: []float64{1}, HighSigma: []float64{0}, Mode: "nearest", Truncate: 4})
	})
}

func BenchmarkUnsharpMask(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.UnsharpMask(dst, src, cpu.UnsharpMaskParams{Radius: []float64{1}, Amount: 1, PreserveRange: true})
	})
}

func BenchmarkVarianceFilter(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.VarianceFilter(dst, src, cpu.BoxParams{Size: []int{5}, Mode: "reflect"})
	})
}

func BenchmarkHessianLargestEigenvalue(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.HessianLargestEigenvalue(dst, src, cpu.HessianParams{Sigma: []float64{1}, Mode: "constant"})
	})
}

// The ridge filters at skimage's default scales (1, 3, 5, 7, 9) on the image and at
// (1, 2, 3) on the stack.
func ridgeBenchSigmas(src cpu.Array) []float64 {
	if len(src.Shape) == 3 {
		return []float64{1, 2, 3}
	}
	return []float64{1, 3, 5, 7, 9}
}

func BenchmarkFrangi(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Frangi(dst, src, cpu.FrangiParams{Sigmas: ridgeBenchSigmas(src), Alpha: 0.5, Beta: 0.5, Gamma: 15, BlackRidges: true, Mode: "reflect"})
	})
}

func BenchmarkSato(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Sato(dst, src, cpu.SatoParams{Sigmas: ridgeBenchSigmas(src), BlackRidges: true, Mode: "reflect"})
	})
}

func BenchmarkMeijering(b *testing.B) {
	benchFilter(b, func(dst, src cpu.Array) error {
		return cpu.Meijering(dst, src, cpu.MeijeringParams{Sigmas: ridgeBenchSigmas(src), Alpha: -1, BlackRidges: true, Mode: "reflect"})
	})
}
