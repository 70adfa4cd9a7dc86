package opencl_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/conformance"
	"github.com/kernreg/kernreg/registry"
)

// TestRegionsLargeEqualCPU compares the GPU reconstruction, extrema and region ops with
// the CPU's, exactly, on images larger than the equivalence suite's: random blobs with
// holes and plateaus, and a spiral and a snake whose one path winds through the whole
// image (the hard case for iterate-until-stable: a reconstruction along it takes many
// rounds of sweeps).
func TestRegionsLargeEqualCPU(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	shape, square, shape3 := []int{257, 311}, []int{257, 257}, []int{7, 61, 53}
	blobs, grey := blobImages(shape, 1)
	blobs3, grey3 := blobImages(shape3, 2)
	spiralMask := float32s(square, spiral(257))   // a 1-pixel wall winding inwards
	snakeMask := float32s(shape, snake(257, 311)) // stripes joined at alternate ends
	spiralSeed := onePixel(square, 0)             // the spiral's outer end
	snakeSeed := onePixel(shape, 256*311+10)      // on the last stripe
	spiralGrey := times(spiralMask, greyRamp(257*257))
	snakeGrey := times(snakeMask, greyRamp(257*311))
	sparse := sparseSeeds(shape, 3)
	sparse3 := sparseSeeds(shape3, 4)
	shifted := func(a *registry.Array, d float32) *registry.Array {
		v, _ := a.Float32s()
		out := make([]float32, len(v))
		for i, x := range v {
			out[i] = x + d
		}
		return float32s(a.Shape(), out)
	}
	type call struct {
		op     string
		ins    []*registry.Array
		params registry.Values
	}
	var calls []call
	add := func(op string, params registry.Values, ins ...*registry.Array) {
		calls = append(calls, call{op, ins, params})
	}
	for _, c := range []string{"1", "2"} {
		for _, b := range []string{"0", "1"} {
			p := registry.Values{"connectivity": c, "border_value": b}
			add("binary_propagation", p, spiralSeed, spiralMask)
			add("binary_propagation", p, snakeSeed, snakeMask)
			add("binary_propagation", p, sparse, blobs)
			add("binary_propagation", p, sparse3, blobs3)
		}
		p := registry.Values{"connectivity": c}
		add("binary_fill_holes", p, blobs)
		add("binary_fill_holes", p, spiralMask)
		add("binary_fill_holes", p, blobs3)
		for _, size := range []string{"0", "30", "400", "100000"} {
			add("remove_small_objects", registry.Values{"connectivity": c, "min_size": size}, blobs)
			add("remove_small_holes", registry.Values{"connectivity": c, "area_threshold": size}, blobs)
		}
		add("remove_small_objects", registry.Values{"connectivity": c, "min_size": "20"}, blobs3)
		add("remove_small_holes", registry.Values{"connectivity": c, "area_threshold": "20"}, blobs3)
	}
	for _, c := range []string{"1", "2", "3"} {
		dil := registry.Values{"connectivity": c, "method": "dilation"}
		ero := registry.Values{"connectivity": c, "method": "erosion"}
		add("reconstruction", dil, times(spiralGrey, spiralSeed), spiralGrey)
		add("reconstruction", dil, times(snakeGrey, snakeSeed), snakeGrey)
		add("reconstruction", ero, shifted(spiralGrey, 5), spiralGrey)
		add("reconstruction", dil, shifted(grey, -0.7), grey)
		add("reconstruction", ero, shifted(grey, 0.7), grey)
		add("reconstruction", dil, shifted(grey3, -0.7), grey3)
		for _, h := range []string{"0.05", "0.5", "2"} {
			add("h_maxima", registry.Values{"connectivity": c, "h": h}, grey)
			add("h_minima", registry.Values{"connectivity": c, "h": h}, grey)
		}
		add("h_maxima", registry.Values{"connectivity": c, "h": "0.3"}, grey3)
		add("h_minima", registry.Values{"connectivity": c, "h": "1"}, spiralGrey)
		for _, b := range []string{"true", "false"} {
			p := registry.Values{"connectivity": c, "allow_borders": b}
			for _, op := range []string{"local_maxima", "local_minima"} {
				add(op, p, grey)
				add(op, p, grey3)
				add(op, p, spiralGrey)
				add(op, p, snakeMask)
			}
		}
	}
	for _, c := range calls {
		name := fmt.Sprintf("%s %v %v", c.op, c.params, c.ins[0].Shape())
		gpu, err := registry.Lookup("opencl:" + c.op)
		if err != nil {
			t.Fatal(err)
		}
		cpu, err := registry.Lookup("cpu:" + c.op)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := cpu.Call(ctx, c.ins, c.params, false)
		got, gerr := gpu.Call(ctx, c.ins, c.params, false)
		if werr != nil || gerr != nil {
			t.Errorf("%s: cpu error %v, opencl error %v", name, werr, gerr)
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
	}
	// The spiral and the snake are what they claim: one path, which propagation from
	// its end covers whole.
	for _, c := range calls[:2] {
		want, err := mustCPU(ctx, c.op, c.ins, c.params)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(want, mustF32(c.ins[1])) {
			t.Errorf("%s: the seed does not reach the whole path", c.op)
		}
	}
}

func mustCPU(ctx context.Context, op string, ins []*registry.Array, p registry.Values) ([]float32, error) {
	f, err := registry.Lookup("cpu:" + op)
	if err != nil {
		return nil, err
	}
	out, err := f.Call(ctx, ins, p, false)
	if err != nil {
		return nil, err
	}
	return out.Float32s()
}

func mustF32(a *registry.Array) []float32 {
	v, _ := a.Float32s()
	return v
}

// blobImages is a seeded pair: a binary image of random blobs with holes (smooth noise
// thresholded), and a grey image of the same noise quantised to steps of 1/8, so that it
// has plateaus and regional extrema of many heights.
func blobImages(shape []int, seed uint64) (binary, grey *registry.Array) {
	rng := rand.New(rand.NewPCG(seed, 11))
	n := registry.Shape(shape).Len()
	w := make([][4]float64, 6)
	for i := range w {
		w[i] = [4]float64{rng.Float64() * 0.3, rng.Float64() * 0.3, rng.Float64() * 0.5, rng.Float64() * 6}
	}
	b, g := make([]float32, n), make([]float32, n)
	nx, ny := shape[len(shape)-1], shape[len(shape)-2]
	for i := range g {
		x, y, z := float64(i%nx), float64(i/nx%ny), float64(i/(nx*ny))
		v := 0.0
		for _, c := range w {
			v += math.Sin(c[0]*x + c[1]*y + c[2]*z + c[3])
		}
		v += rng.Float64() * 0.8
		g[i] = float32(math.Round(v*8) / 8)
		if v > 0.6 {
			b[i] = 1
		}
	}
	return float32s(shape, b), float32s(shape, g)
}

// sparseSeeds is a binary image with about one pixel in 500 set.
func sparseSeeds(shape []int, seed uint64) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 13))
	d := make([]float32, registry.Shape(shape).Len())
	for i := range d {
		if rng.IntN(500) == 0 {
			d[i] = 1
		}
	}
	return float32s(shape, d)
}

// greyRamp is 2 - i/n plus a little noise: along a path from pixel 0 the running
// minimum, which reconstruction by dilation from there computes, falls many times.
func greyRamp(n int) []float32 {
	rng := rand.New(rand.NewPCG(17, 19))
	d := make([]float32, n)
	for i := range d {
		d[i] = 2 - float32(i)/float32(n) + rng.Float32()*0.01
	}
	return d
}

func onePixel(shape []int, i int) *registry.Array {
	d := make([]float32, registry.Shape(shape).Len())
	d[i] = 1
	return float32s(shape, d)
}

func times(a *registry.Array, b any) *registry.Array {
	x := mustF32(a)
	var y []float32
	switch b := b.(type) {
	case []float32:
		y = b
	case *registry.Array:
		y = mustF32(b)
	}
	out := make([]float32, len(x))
	for i := range x {
		out[i] = x[i] * y[i]
	}
	return float32s(a.Shape(), out)
}

func float32s(shape []int, d []float32) *registry.Array {
	a, err := registry.NewFloat32(shape, d)
	if err != nil {
		panic(err)
	}
	return a
}

// TestRegionsNaNErrors checks that the GPU refuses NaN as the CPU does, naming the
// same first NaN pixel.
func TestRegionsNaNErrors(t *testing.T) {
	needDevice(t)
	ctx := context.Background()
	shape := []int{41, 53}
	_, grey := blobImages(shape, 5)
	d := slices.Clone(mustF32(grey))
	d[1234], d[2000] = float32(math.NaN()), float32(math.NaN())
	nan := float32s(shape, d)
	for _, c := range []struct {
		op     string
		ins    []*registry.Array
		params registry.Values
	}{
		{"reconstruction", []*registry.Array{grey, nan}, nil},
		{"reconstruction", []*registry.Array{nan, grey}, nil},
		{"h_maxima", []*registry.Array{nan}, registry.Values{"h": "0.5"}},
		{"h_minima", []*registry.Array{nan}, registry.Values{"h": "0.5"}},
	} {
		for _, lib := range []string{"cpu", "opencl"} {
			f, err := registry.Lookup(lib + ":" + c.op)
			if err != nil {
				t.Fatal(err)
			}
			out, err := f.Call(ctx, c.ins, c.params, false)
			if err == nil {
				out.Release()
				t.Errorf("%s:%s: no error on NaN", lib, c.op)
			} else if !strings.Contains(err.Error(), "NaN in the") || !strings.Contains(err.Error(), "at pixel 1234") {
				t.Errorf("%s:%s: error %v, want one naming pixel 1234", lib, c.op, err)
			}
		}
	}
}
