package opencl_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/conformance"
	"github.com/kernreg/kernreg/registry"
)

// TestRankWindows: every window-size path of the GPU rank filters (counted in registers
// for 9, 25 and 27 values, NI_Select on a private copy up to 27, a bit search beyond)
// gives the CPU's values, on data with many repeats, signed zeros, infinities and, in a
// second variant, NaNs, at ranks from the minimum to the maximum.
func TestRankWindows(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	values := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 0.5, float32(math.Inf(1)), float32(math.Inf(-1)), 3e38, -1e-45}
	for _, withNaN := range []bool{false, true} {
		for _, shape := range []registry.Shape{{9, 23, 19}, {41, 37}} {
			data := make([]float32, shape.Len())
			for i := range data {
				if rng.IntN(3) == 0 {
					data[i] = values[rng.IntN(len(values))]
				} else {
					data[i] = rng.Float32()*4 - 2
				}
				if withNaN && rng.IntN(40) == 0 {
					data[i] = float32(math.NaN())
				}
			}
			img, _ := registry.NewFloat32(shape, data)
			sizes := [][]int{{3, 3}, {5, 5}, {2, 3}, {4, 6}, {7, 7}, {9, 5}}
			if len(shape) == 3 {
				sizes = [][]int{{3, 3, 3}, {1, 5, 5}, {2, 3, 4}, {5, 5, 5}, {3, 7, 5}}
			}
			for _, size := range sizes {
				n := 1
				for _, s := range size {
					n *= s
				}
				for _, rank := range []int{0, 1, n / 2, n - 2, n - 1} {
					v := registry.Values{"size": size, "rank": rank, "mode": "reflect"}
					name := fmt.Sprintf("%v size %v rank %d nan=%v", shape, size, rank, withNaN)
					cpu, _ := registry.Lookup("cpu:rank_filter")
					gpu, _ := registry.Lookup("opencl:rank_filter")
					want, err := cpu.Call(ctx, []*registry.Array{img}, v, false)
					if err != nil {
						t.Fatalf("%s: cpu: %v", name, err)
					}
					got, err := gpu.Call(ctx, []*registry.Array{img}, v, false)
					if err != nil {
						t.Fatalf("%s: opencl: %v", name, err)
					}
					host, err := registry.To(ctx, got, registry.Host)
					got.Release()
					if err != nil {
						t.Fatal(err)
					}
					if d, err := conformance.Compare(host, want, 0, 0, true); err != nil || d.Bad > 0 {
						t.Errorf("%s: %v %v", name, d, err)
					}
				}
			}
		}
	}
}
