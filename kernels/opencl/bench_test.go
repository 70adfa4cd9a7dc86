package opencl_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// benchOps are representative operations, each timed on cpu and on opencl with its data
// already in the backend's memory (no transfers), at 2048x2048 (projections: 64x512x512).
var benchOps = []struct {
	name   string
	params registry.Values
	inputs int
	shape  []int
}{
	{"gaussian_filter", registry.Values{"sigma": "2"}, 1, []int{2048, 2048}},
	{"uniform_filter", registry.Values{"size": "5"}, 1, []int{2048, 2048}},
	{"maximum_filter", registry.Values{"size": "5"}, 1, []int{2048, 2048}},
	{"median_filter", registry.Values{"size": "3"}, 1, []int{2048, 2048}},
	{"sobel", nil, 1, []int{2048, 2048}},
	{"laplace", nil, 1, []int{2048, 2048}},
	{"add_images", nil, 2, []int{2048, 2048}},
	{"exponential", nil, 1, []int{2048, 2048}},
	{"threshold_otsu", nil, 1, []int{2048, 2048}},
	{"binary_erosion", nil, 1, []int{2048, 2048}},
	{"label", nil, 1, []int{2048, 2048}},
	{"gaussian_filter", registry.Values{"sigma": "2"}, 1, []int{64, 512, 512}},
	{"mean_z_projection", nil, 1, []int{64, 512, 512}},
	{"label", nil, 1, []int{64, 512, 512}},
}

func BenchmarkOps(b *testing.B) {
	d := needDevice(b)
	ctx := context.Background()
	for _, op := range benchOps {
		rng := rand.New(rand.NewPCG(1, 2))
		host := make([]*registry.Array, op.inputs)
		for i := range host {
			data := make([]float32, registry.Shape(op.shape).Len())
			for j := range data {
				data[j] = rng.Float32()
			}
			host[i], _ = registry.NewFloat32(op.shape, data)
		}
		for _, lib := range []string{"cpu", "opencl"} {
			b.Run(op.name+"/"+registry.Shape(op.shape).String()+"/"+lib, func(b *testing.B) {
				f, err := registry.Lookup(lib + ":" + op.name)
				if err != nil {
					b.Fatal(err)
				}
				ins := make([]*registry.Array, len(host))
				for i, a := range host {
					if ins[i], err = registry.To(ctx, a, f.Memory); err != nil {
						b.Fatal(err)
					}
				}
				run := func() {
					out, err := f.Call(ctx, ins, op.params, false)
					if err != nil {
						b.Fatal(err)
					}
					if lib == "opencl" {
						d.Finish()
					}
					out.Release()
				}
				run() // compile and warm up outside the timing
				b.ResetTimer()
				for b.Loop() {
					run()
				}
				b.StopTimer()
				for i, a := range ins {
					if a != host[i] {
						a.Release()
					}
				}
			})
		}
	}
}
