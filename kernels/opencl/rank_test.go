package opencl_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// TestRankWindows: every window-size path of the GPU rank filters (counted in registers
// for 9, 25 and 27 values, NI_Select on a private copy up to 27, a bit search beyond),
// with work groups shrunk so that long windows fit the local tile ({101, 3}, {27, 1, 1}),
// gives the CPU's values, on data with many repeats, signed zeros, infinities and, in a
// second variant, NaNs, at ranks from the minimum to the maximum.
func TestRankWindows(t *testing.T) {
	needDevice(t)
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
			sizes := [][]int{{3, 3}, {5, 5}, {2, 3}, {4, 6}, {7, 7}, {9, 5}, {101, 3}}
			if len(shape) == 3 {
				sizes = [][]int{{3, 3, 3}, {1, 5, 5}, {2, 3, 4}, {5, 5, 5}, {3, 7, 5}, {27, 1, 1}, {7, 7, 7}}
			}
			for _, size := range sizes {
				n := 1
				for _, s := range size {
					n *= s
				}
				for _, rank := range []int{0, 1, n / 2, n - 2, n - 1} {
					v := registry.Values{"size": size, "rank": rank, "mode": "reflect"}
					compareWithCPU(t, fmt.Sprintf("%v size %v rank %d nan=%v", shape, size, rank, withNaN), "rank_filter", img, v)
				}
			}
		}
	}
}
