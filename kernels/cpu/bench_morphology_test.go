package cpu_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmark images: uniform noise for the grey-level ops, and a blob mask (box-smoothed
// noise > 0.5, so components, holes and long boundaries) for the binary ops and label.
var morphBenchImages = struct {
	sync.Mutex
	m map[string]cpu.Array
}{m: map[string]cpu.Array{}}

func morphBenchImage(b *testing.B, shape []int, mask bool) cpu.Array {
	b.Helper()
	key := fmt.Sprint(shape, mask)
	morphBenchImages.Lock()
	defer morphBenchImages.Unlock()
	if a, ok := morphBenchImages.m[key]; ok {
		return a
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	r := rand.New(rand.NewPCG(1, 2))
	a := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range a.Data {
		a.Data[i] = r.Float32()
	}
	if mask {
		s := cpu.Array{Shape: shape, Data: make([]float32, n)}
		if err := cpu.UniformFilter(s, a, cpu.BoxParams{Size: []int{7}, Mode: "reflect"}); err != nil {
			b.Fatal(err)
		}
		for i, v := range s.Data {
			a.Data[i] = 0
			if v > 0.5 {
				a.Data[i] = 1
			}
		}
	}
	morphBenchImages.m[key] = a
	return a
}

var morphBenchShapes = []struct {
	name  string
	shape []int
}{
	{"2048x2048", []int{2048, 2048}},
	{"64x512x512", []int{64, 512, 512}},
}

func morphBenchFlex(b *testing.B, mask bool, fn func(dst, src cpu.Array) error) {
	for _, s := range morphBenchShapes {
		b.Run(s.name, func(b *testing.B) {
			if len(s.shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped in -short mode")
			}
			src := morphBenchImage(b, s.shape, mask)
			dst := cpu.Array{Shape: s.shape, Data: make([]float32, len(src.Data))}
			b.SetBytes(int64(4 * len(src.Data)))
			b.ResetTimer()
			for b.Loop() {
				if err := fn(dst, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMaximumFilter(b *testing.B) {
	for _, size := range []int{3, 15} {
		b.Run(fmt.Sprint("size", size), func(b *testing.B) {
			morphBenchFlex(b, false, func(d, s cpu.Array) error {
				return cpu.MaximumFilter(d, s, cpu.BoxParams{Size: []int{size}, Mode: "reflect"})
			})
		})
	}
}

func BenchmarkGreyOpening(b *testing.B) {
	morphBenchFlex(b, false, func(d, s cpu.Array) error {
		return cpu.GreyOpening(d, s, cpu.GreyParams{Size: []int{5}, Mode: "reflect"})
	})
}

func BenchmarkBinaryErosion(b *testing.B) {
	for _, it := range []int{1, 5} {
		b.Run(fmt.Sprint("iter", it), func(b *testing.B) {
			morphBenchFlex(b, true, func(d, s cpu.Array) error {
				return cpu.BinaryErosion(d, s, cpu.BinaryParams{Iterations: it, Connectivity: 1})
			})
		})
	}
}

func BenchmarkBinaryClosing(b *testing.B) {
	morphBenchFlex(b, true, func(d, s cpu.Array) error {
		return cpu.BinaryClosing(d, s, cpu.BinaryParams{Iterations: 1, Connectivity: 2})
	})
}

func BenchmarkLabel(b *testing.B) {
	for _, s := range morphBenchShapes {
		b.Run(s.name, func(b *testing.B) {
			if len(s.shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped in -short mode")
			}
			src := morphBenchImage(b, s.shape, true)
			dst := cpu.LabelArray{Shape: s.shape, Data: make([]uint32, len(src.Data))}
			b.SetBytes(int64(4 * len(src.Data)))
			b.ResetTimer()
			for b.Loop() {
				if err := cpu.Label(dst, src, cpu.LabelParams{Connectivity: len(s.shape)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkThresholdOtsu(b *testing.B) {
	morphBenchFlex(b, false, func(d, s cpu.Array) error {
		return cpu.ThresholdOtsu(d, s, cpu.OtsuParams{Nbins: 256})
	})
}
