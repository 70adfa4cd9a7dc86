package opencl_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/conformance"
	"github.com/kernreg/kernreg/registry"
)

// TestDeepZMedian compares the z medians with the cpu's on stacks deeper than the
// equivalence shapes, so that the device selection partitions (more than 16 slices)
// rather than only insertion-sorting, with ties, zeros of both signs and NaNs; and the
// z maximum and minimum, which fold slices in batches of 8 and then one by one.
func TestDeepZMedian(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	for _, shape := range [][]int{{40, 3, 5}, {33, 2, 7}, {17, 1, 3}, {128, 2, 2}} {
		rng := rand.New(rand.NewPCG(uint64(shape[0]), 7))
		d := make([]float32, shape[0]*shape[1]*shape[2])
		for i := range d {
			switch r := rng.Float32(); {
			case r < 0.2:
				d[i] = 0
			case r < 0.25:
				d[i] = float32(math.Copysign(0, -1))
			case r < 0.4:
				d[i] = float32(rng.IntN(4))
			case r < 0.41:
				d[i] = float32(math.NaN())
			default:
				d[i] = rng.Float32()*4 - 2
			}
		}
		in, err := registry.NewFloat32(shape, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range []string{"median_z_projection", "subtract_z_median", "maximum_z_projection", "minimum_z_projection"} {
			ref, err := registry.Lookup("cpu:" + op)
			if err != nil {
				t.Fatal(err)
			}
			f, err := registry.Lookup("opencl:" + op)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ref.Call(ctx, []*registry.Array{in}, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.Call(ctx, []*registry.Array{in}, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			host, err := registry.To(ctx, got, registry.Host)
			got.Release()
			if err != nil {
				t.Fatal(err)
			}
			diff, err := conformance.Compare(host, want, 0, 0, true)
			if err != nil || diff.Bad > 0 {
				t.Errorf("%s %v: %v %v", op, shape, diff, err)
			}
		}
	}
}
