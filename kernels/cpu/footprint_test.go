package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFootprintShapes pins the pixel counts of skimage's disk, diamond, ball and
// octahedron.
func TestFootprintShapes(t *testing.T) {
	for _, c := range []struct {
		kind   string
		radius int
		rank   int
		want   int
	}{
		{"disk", 0, 2, 1}, {"disk", 1, 2, 5}, {"disk", 2, 2, 13}, {"disk", 3, 2, 29}, {"disk", 5, 2, 81},
		{"diamond", 1, 2, 5}, {"diamond", 2, 2, 13}, {"diamond", 3, 3, 25},
		{"ball", 1, 3, 7}, {"ball", 2, 3, 33}, {"ball", 3, 3, 123},
		{"octahedron", 1, 3, 7}, {"octahedron", 2, 3, 25},
	} {
		f, err := newFootprint("t", c.kind, c.radius, c.rank)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(f.offsets(100, 100, true)); got != c.want {
			t.Errorf("%s(%d): %d pixels, want %d", c.kind, c.radius, got, c.want)
		}
	}
}

// bruteFootprintMinMax is scipy's NI_MinOrMaxFilter: the first footprint value in C
// order, replaced by a strictly smaller (larger) one.
func bruteFootprintMinMax(src []float32, shape []int, f footprint, m Mode, cval float32, minimum bool) []float32 {
	nz, ny, nx := dims3(shape)
	out := make([]float32, len(src))
	at := func(z, y, x int) float32 {
		z, y, x = m.index(z, nz), m.index(y, ny), m.index(x, nx)
		if z < 0 || y < 0 || x < 0 {
			return cval
		}
		return src[(z*ny+y)*nx+x]
	}
	for z := 0; z < nz; z++ {
		for y := 0; y < ny; y++ {
			for x := 0; x < nx; x++ {
				first := true
				var val float32
				for _, r := range f.rows {
					for dx := -r.w; dx <= r.w; dx++ {
						v := at(z+r.dz, y+r.dy, x+dx)
						if first || minimum && v < val || !minimum && v > val {
							val, first = v, false
						}
					}
				}
				out[(z*ny+y)*nx+x] = val
			}
		}
	}
	return out
}

func TestFootprintMinMaxBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, shape := range [][]int{{1, 1}, {1, 7}, {9, 1}, {13, 17}, {3, 9, 11}, {5, 4, 6}} {
		for _, kind := range []string{"disk", "diamond", "ball", "octahedron"} {
			if (kind == "ball" || kind == "octahedron") && len(shape) == 2 {
				continue
			}
			for _, radius := range []int{0, 1, 2, 4, 7} {
				f, err := newFootprint("t", kind, radius, len(shape))
				if err != nil {
					t.Fatal(err)
				}
				for m := Reflect; m <= Wrap; m++ {
					for _, special := range []bool{false, true} {
						src := randomImage(r, shape, 4)
						if special { // NaN and -0 take scipy's loop
							src[r.IntN(len(src))] = float32(math.NaN())
							src[r.IntN(len(src))] = float32(math.Copysign(0, -1))
						}
						for _, minimum := range []bool{true, false} {
							nz, ny, nx := dims3(shape)
							want := bruteFootprintMinMax(src, shape, f, m, 1.5, minimum)
							for _, ring := range []int{1 << 22, 0} { // cached and uncached rows
								saved := maxRingFloats
								maxRingFloats = ring
								got := make([]float32, len(src))
								footprintMinMax(got, src, nz, ny, nx, f, m, 1.5, minimum)
								maxRingFloats = saved
								for i := range want {
									if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
										t.Fatalf("%v %s(%d) %v min=%v special=%v ring=%d: pixel %d = %v, want %v",
											shape, kind, radius, m, minimum, special, ring, i, got[i], want[i])
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestBinaryFootprintIterations checks the changed-pixel propagation of later
// iterations against repeated single iterations, for footprints wider than one pixel.
func TestBinaryFootprintIterations(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, shape := range [][]int{{17, 19}, {4, 11, 13}, {1, 5}} {
		for _, kind := range []string{"disk", "diamond", "ball"} {
			if kind == "ball" && len(shape) == 2 {
				continue
			}
			for _, op := range []func(dst, image Array, p BinaryParams) error{BinaryErosion, BinaryDilation} {
				for bv := 0; bv <= 1; bv++ {
					in := randomMask(r, shape, 0.6)
					p := BinaryParams{Iterations: 1, Connectivity: 1, BorderValue: bv, Footprint: kind, Radius: 2}
					step := Array{Shape: shape, Data: append([]float32(nil), in.Data...)}
					next := Array{Shape: shape, Data: make([]float32, len(in.Data))}
					for it := 1; it <= 4; it++ {
						if err := op(next, step, p); err != nil {
							t.Fatal(err)
						}
						step, next = next, step
						got := Array{Shape: shape, Data: make([]float32, len(in.Data))}
						q := p
						q.Iterations = it
						if err := op(got, in, q); err != nil {
							t.Fatal(err)
						}
						for i := range got.Data {
							if got.Data[i] != step.Data[i] {
								t.Fatalf("%v %s bv=%d: %d iterations differ from repeated single ones at %d", shape, kind, bv, it, i)
							}
						}
					}
				}
			}
		}
	}
}

func TestFootprintErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	vol := Array{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}
	cases := []struct {
		err  error
		want string
	}{
		{GreyErosion(img, img, GreyParams{Footprint: "ball", Radius: 1}), "grey_erosion: footprint ball needs a 3D image"},
		{GreyDilation(img, img, GreyParams{Footprint: "star", Radius: 1}), "footprint must be one of"},
		{GreyOpening(img, img, GreyParams{Footprint: "disk", Radius: -1}), "radius must be in [0, 1024], got -1"},
		{GreyClosing(vol, vol, GreyParams{Footprint: "ball", Radius: 5000}), "radius must be in"},
		{GreyClosing(vol, vol, GreyParams{Footprint: "ball", Radius: 97}), "grey_closing: radius of a ball must be in [0, 96], got 97"},
		{WhiteTophat(img, img, GreyParams{Footprint: "disk", Radius: 1, Mode: "bad"}), "white_tophat: mode must be one of"},
		{BinaryErosion(img, img, BinaryParams{Iterations: 1, Connectivity: 1, Footprint: "octahedron", Radius: 1}), "binary_erosion: footprint octahedron needs a 3D image"},
		{BinaryDilation(img, img, BinaryParams{Iterations: 1, Connectivity: 1, Footprint: "disk", Radius: -2}), "radius must be"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: got %v, want an error containing %q", i, c.err, c.want)
		}
	}
	// A radius that would pad a large image past 2^31 pixels is refused before
	// allocating.
	big := Array{Shape: []int{1, 1 << 20}, Data: make([]float32, 1<<20)}
	err := GreyErosion(big, big, GreyParams{Footprint: "disk", Radius: 1024})
	if err == nil || !strings.Contains(err.Error(), "more than 2^31") {
		t.Errorf("huge padded image: got %v", err)
	}
}

// TestGreyCombineAliased checks the derived ops when dst is the input.
func TestGreyCombineAliased(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	shape := []int{9, 12}
	src := randomImage(r, shape, 0)
	ops := map[string]func(dst, image Array, p GreyParams) error{
		"white_tophat": WhiteTophat, "black_tophat": BlackTophat,
		"morphological_gradient": MorphologicalGradient, "morphological_laplace": MorphologicalLaplace,
	}
	for name, op := range ops {
		for _, p := range []GreyParams{{Size: []int{3}}, {Footprint: "disk", Radius: 2}} {
			want := Array{Shape: shape, Data: make([]float32, len(src))}
			if err := op(want, Array{Shape: shape, Data: src}, p); err != nil {
				t.Fatal(err)
			}
			inPlace := Array{Shape: shape, Data: append([]float32(nil), src...)}
			if err := op(inPlace, inPlace, p); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(inPlace.Data) != fmt.Sprint(want.Data) {
				t.Errorf("%s %+v: in place differs", name, p)
			}
		}
	}
}
