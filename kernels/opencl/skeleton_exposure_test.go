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

// TestSkeletonExposureLargeEqualCPU compares thin, skeletonize, match_histograms and
// equalize_adapthist on the GPU with the CPU's, exactly, on images larger than the
// equivalence suite's: binary images of overlapping blobs that take many thinning
// iterations (and max_num_iter cutting them short), histogram matching with many ties,
// -0 and +0 and infinities, and CLAHE with many regions, non-dividing kernels, 3D, no
// clipping and more bins than levels.
func TestSkeletonExposureLargeEqualCPU(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	type input struct {
		name string
		in   []*registry.Array
	}
	plane := []int{157, 211}
	cases := []struct {
		op     string
		params registry.Values
		inputs []input
	}{
		{"thin", nil, []input{{"blobs", []*registry.Array{blobs(plane, 1)}}, {"blobs613", []*registry.Array{blobs([]int{613, 617}, 2)}}}},
		{"thin", registry.Values{"max_num_iter": "3"}, []input{{"blobs", []*registry.Array{blobs(plane, 3)}}}},
		{"skeletonize", nil, []input{{"blobs", []*registry.Array{blobs(plane, 4)}}, {"blobs613", []*registry.Array{blobs([]int{613, 617}, 5)}}}},
		{"match_histograms", nil, []input{
			{"ties", []*registry.Array{ties([]int{3, 157, 211}, 6, false), ties([]int{3, 157, 211}, 7, false)}},
			{"special", []*registry.Array{ties([]int{613, 617}, 8, true), ties([]int{613, 617}, 9, true)}},
			{"smooth", []*registry.Array{largeImage([]int{613, 617}, 10, false), ties([]int{613, 617}, 11, true)}},
		}},
		{"equalize_adapthist", nil, []input{{"2d", []*registry.Array{largeImage([]int{613, 617}, 12, false)}}, {"3d", []*registry.Array{largeImage([]int{9, 157, 211}, 13, false)}}}},
		{"equalize_adapthist", registry.Values{"kernel_size": "13,29", "clip_limit": "0", "nbins": "20000"}, []input{{"2d", []*registry.Array{largeImage([]int{613, 617}, 14, false)}}}},
		{"equalize_adapthist", registry.Values{"kernel_size": "4,37,23", "clip_limit": "0.003", "nbins": "77"}, []input{{"3d", []*registry.Array{largeImage([]int{9, 157, 211}, 15, false)}}}},
	}
	for _, c := range cases {
		gpu, err := registry.Lookup("opencl:" + c.op)
		if err != nil {
			t.Fatal(err)
		}
		cpu, err := registry.Lookup("cpu:" + c.op)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range c.inputs {
			name := fmt.Sprintf("%s %v %s", c.op, c.params, in.name)
			want, werr := cpu.Call(ctx, in.in, c.params, false)
			if werr != nil {
				t.Fatalf("%s: cpu: %v", name, werr)
			}
			got, gerr := gpu.Call(ctx, in.in, c.params, false)
			if gerr != nil {
				t.Fatalf("%s: opencl: %v", name, gerr)
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
				continue
			}
			g, _ := host.Float32s()
			w, _ := want.Float32s()
			for i := range w {
				if math.Float32bits(g[i]) != math.Float32bits(w[i]) { // the sign of zero too
					t.Errorf("%s: element %d is %v, cpu %v", name, i, g[i], w[i])
					break
				}
			}
		}
	}
}

// blobs is a seeded binary image (0/1, with a few NaNs as foreground) of overlapping
// discs and bars.
func blobs(shape []int, seed uint64) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 3))
	ny, nx := shape[0], shape[1]
	d := make([]float32, ny*nx)
	for range ny * nx / 400 {
		cy, cx, r := rng.Float64()*float64(ny), rng.Float64()*float64(nx), 2+rng.Float64()*12
		for y := max(0, int(cy-r)); y < min(ny, int(cy+r)+1); y++ {
			for x := max(0, int(cx-r)); x < min(nx, int(cx+r)+1); x++ {
				if dy, dx := float64(y)-cy, float64(x)-cx; dy*dy+dx*dx <= r*r {
					d[y*nx+x] = 1
				}
			}
		}
	}
	for i := range d {
		if d[i] != 0 && rng.IntN(50) == 0 {
			d[i] = float32(math.NaN())
		}
	}
	a, _ := registry.NewFloat32(shape, d)
	return a
}

// ties is a seeded image of few distinct values (many ties), with special also -0, +0
// and both infinities.
func ties(shape []int, seed uint64, special bool) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 5))
	n := registry.Shape(shape).Len()
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.IntN(40)) * 0.25
		if special {
			switch rng.IntN(20) {
			case 0:
				d[i] = float32(math.Copysign(0, -1))
			case 1:
				d[i] = 0
			case 2:
				d[i] = float32(math.Inf(1 - 2*rng.IntN(2)))
			}
		}
	}
	a, _ := registry.NewFloat32(shape, d)
	return a
}
