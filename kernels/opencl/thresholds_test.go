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

// TestThresholdsLargeEqualCPU compares the GPU thresholds with the CPU's, exactly, on
// images larger than the equivalence suite's: several of numpy's 8192-element sum
// blocks and a partial one (threshold_mean, threshold_li), several thousand compaction
// chunks, a bitonic sort of a non-power-of-two count, and NaNs and infinities (which
// threshold_li ignores and drops).
func TestThresholdsLargeEqualCPU(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	ops := []struct {
		name   string
		params registry.Values
	}{
		{"threshold_mean", nil},
		{"threshold_li", nil},
		{"threshold_li", registry.Values{"tolerance": "0.001"}},
		{"threshold_yen", nil},
		{"threshold_isodata", registry.Values{"nbins": "1000"}},
		{"threshold_triangle", nil},
		{"threshold_multiotsu", registry.Values{"classes": "4", "nbins": "64"}},
		{"threshold_local", registry.Values{"block_size": "9"}},
		{"threshold_local", registry.Values{"block_size": "7", "method": "mean", "mode": "wrap"}},
		{"threshold_sauvola", registry.Values{"window_size": "11"}},
		{"threshold_niblack", registry.Values{"window_size": "5"}},
	}
	shapes := [][]int{{3, 157, 211}, {613, 617}}
	compared := 0
	for _, op := range ops {
		gpu, err := registry.Lookup("opencl:" + op.name)
		if err != nil {
			t.Fatal(err)
		}
		cpu, err := registry.Lookup("cpu:" + op.name)
		if err != nil {
			t.Fatal(err)
		}
		for si, shape := range shapes {
			for _, special := range []bool{false, true} {
				name := fmt.Sprintf("%s %v %v special=%v", op.name, op.params, shape, special)
				in := largeImage(shape, uint64(si+1), special)
				want, werr := cpu.Call(ctx, []*registry.Array{in}, op.params, false)
				got, gerr := gpu.Call(ctx, []*registry.Array{in}, op.params, false)
				if (werr == nil) != (gerr == nil) {
					t.Errorf("%s: cpu error %v, opencl error %v", name, werr, gerr)
					continue
				}
				if werr != nil {
					continue
				}
				host, err := registry.To(ctx, got, registry.Host)
				got.Release()
				if err != nil {
					t.Fatal(err)
				}
				d, err := conformance.Compare(host, want, 0, 0, true)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if d.Bad > 0 {
					t.Errorf("%s: opencl vs cpu: %v", name, d)
				}
				compared++
			}
		}
	}
	t.Logf("%d of %d results compared (the others: both refused, as the histogram thresholds do on infinities)",
		compared, len(ops)*len(shapes)*2)
}

// largeImage is a seeded image of smooth blobs plus noise, with repeated values, and
// with special a few NaNs and infinities.
func largeImage(shape []int, seed uint64, special bool) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := registry.Shape(shape).Len()
	d := make([]float32, n)
	for i := range d {
		v := float32(math.Sin(float64(i)*0.001))*3 + rng.Float32()
		switch r := rng.Float32(); {
		case r < 0.1:
			v = 0
		case r < 0.15:
			v = 1.5
		case special && r < 0.152:
			v = float32(math.NaN())
		case special && r < 0.153:
			v = float32(math.Inf(1 - 2*rng.IntN(2)))
		}
		d[i] = v
	}
	a, _ := registry.NewFloat32(shape, d)
	return a
}
