package opencl_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// benchOps are the 10 representative operations of the closing notes (those of
// tools/bench/gpu.py), each timed on cpu and on opencl with its data already in the
// backend's memory (no transfers), at 2048x2048 and 64x512x512 (projections: 3D only).
var benchOps = []struct {
	name   string
	params registry.Values
	mask   bool // a binary input (label)
	only3D bool
}{
	{"gaussian_filter", registry.Values{"sigma": "2"}, false, false},
	{"uniform_filter", registry.Values{"size": "5"}, false, false},
	{"median_filter", registry.Values{"size": "3"}, false, false},
	{"sobel", nil, false, false},
	{"grey_erosion", registry.Values{"size": "5"}, false, false},
	{"label", nil, true, false},
	{"zoom", registry.Values{"zoom": "2", "order": "1"}, false, false},
	{"threshold_otsu", nil, false, false},
	{"add_image_and_scalar", registry.Values{"scalar": "1"}, false, false},
	{"maximum_z_projection", nil, false, true},
}

var benchShapes = [][]int{{2048, 2048}, {64, 512, 512}}

func BenchmarkOps(b *testing.B) {
	d := needDevice(b)
	ctx := context.Background()
	for _, op := range benchOps {
		for _, shape := range benchShapes {
			if op.only3D && len(shape) == 2 {
				continue
			}
			rng := rand.New(rand.NewPCG(1, 2))
			data := make([]float32, registry.Shape(shape).Len())
			for j := range data {
				data[j] = rng.Float32()
				if op.mask {
					data[j] = float32(int(data[j] * 1.4)) // about 30% foreground
				}
			}
			img, _ := registry.NewFloat32(shape, data)
			host := []*registry.Array{img}
			for _, lib := range []string{"cpu", "opencl"} {
				b.Run(op.name+"/"+registry.Shape(shape).String()+"/"+lib, func(b *testing.B) {
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
}
