package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteMinMax is the definition: out[i] = min (max) over the mode-extended line at
// [i-before, i-before+size-1], along one axis.
func bruteMinMax(src []float32, shape []int, axis, size, before int, m Mode, cval float32, minimum bool) []float32 {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	out := make([]float32, len(src))
	for l := 0; l < len(src)/n; l++ {
		off := (l/stride)*n*stride + l%stride
		for i := 0; i < n; i++ {
			var acc float32
			for k := 0; k < size; k++ {
				v := cval
				if j := m.index(i-before+k, n); j >= 0 {
					v = src[off+j*stride]
				}
				if k == 0 || minimum && v < acc || !minimum && v > acc {
					acc = v
				}
			}
			out[off+i*stride] = acc
		}
	}
	return out
}

func randomImage(r *rand.Rand, shape []int, levels int) []float32 {
	n := 1
	for _, d := range shape {
		n *= d
	}
	data := make([]float32, n)
	for i := range data {
		if levels > 0 {
			data[i] = float32(r.IntN(levels)) // ties, and +0
		} else {
			data[i] = r.Float32()
		}
	}
	return data
}

// TestMinMaxPasses checks the fast van Herk pass and scipy's deque against the
// definition on NaN-free data, with sizes past the line length, every mode and strips
// of several widths (stride > the strip width).
func TestMinMaxPasses(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	shapes := [][]int{{1, 1}, {7, 1}, {1, 9}, {13, 17}, {3, 5, 300}, {4, 70, 33}, {2, 3, 2100}}
	for _, shape := range shapes {
		for axis := range shape {
			for _, size := range []int{2, 3, 4, 7, 16, 65, 130} {
				for m := Reflect; m <= Wrap; m++ {
					for _, minimum := range []bool{true, false} {
						before := size / 2
						if minimum { // exercise the mirrored window too
							before = (size - 1) / 2
						}
						src := randomImage(r, shape, 5)
						want := bruteMinMax(src, shape, axis, size, before, m, 1.5, minimum)
						fast := make([]float32, len(src))
						vanHerkPass(fast, src, shape, axis, size, before, m, 1.5, minimum)
						exact := slices.Clone(src) // in place
						minMaxPass(exact, exact, shape, axis, size, before, m, 1.5, minimum)
						inPlace := slices.Clone(src)
						vanHerkPass(inPlace, inPlace, shape, axis, size, before, m, 1.5, minimum)
						name := fmt.Sprintf("%v axis %d size %d %v min=%v", shape, axis, size, m, minimum)
						for i := range want {
							if fast[i] != want[i] || exact[i] != want[i] || inPlace[i] != want[i] {
								t.Fatalf("%s: at %d van Herk %v, in place %v, deque %v, want %v", name, i, fast[i], inPlace[i], exact[i], want[i])
							}
						}
					}
				}
			}
		}
	}
}

// TestMinMaxNaN pins scipy 1.10's order-dependent NaN results (ndimage.minimum_filter /
// maximum_filter of this line, mode reflect).
func TestMinMaxNaN(t *testing.T) {
	nan := float32(math.NaN())
	line := []float32{1, nan, 3, 2, 0.5, 5, 4}
	cases := []struct {
		op   func(dst, image Array, p BoxParams) error
		size int
		want []float32
	}{
		{MaximumFilter, 2, []float32{1, 1, nan, 3, 2, 5, 5}},
		{MinimumFilter, 2, []float32{1, 1, nan, 2, 0.5, 0.5, 4}},
		{MaximumFilter, 3, []float32{1, 3, 3, 3, 5, 5, 5}},
		{MinimumFilter, 3, []float32{1, 1, nan, 0.5, 0.5, 0.5, 4}},
	}
	for _, c := range cases {
		dst := Array{Shape: []int{1, 7}, Data: make([]float32, 7)}
		if err := c.op(dst, Array{Shape: []int{1, 7}, Data: line}, BoxParams{Size: []int{1, c.size}}); err != nil {
			t.Fatal(err)
		}
		for i, w := range c.want {
			if g := dst.Data[i]; g != w && !(g != g && w != w) {
				t.Errorf("size %d: got %v, want %v", c.size, dst.Data, c.want)
				break
			}
		}
	}
}

// TestGreyDilationEvenWindow pins scipy's mirrored footprint: for an even size the
// dilation window has more pixels after the centre, unlike maximum_filter's.
func TestGreyDilationEvenWindow(t *testing.T) {
	in := Array{Shape: []int{1, 9}, Data: []float32{0, 0, 0, 0, 1, 0, 0, 0, 0}}
	for _, c := range []struct {
		op   func(dst, image Array, p BoxParams) error
		want []float32
	}{
		{MaximumFilter, []float32{0, 0, 0, 0, 1, 1, 0, 0, 0}},
		{func(dst, image Array, p BoxParams) error {
			return GreyDilation(dst, image, GreyParams{Size: p.Size, Mode: p.Mode, Cval: p.Cval})
		}, []float32{0, 0, 0, 1, 1, 0, 0, 0, 0}},
	} {
		dst := Array{Shape: []int{1, 9}, Data: make([]float32, 9)}
		if err := c.op(dst, in, BoxParams{Size: []int{1, 2}, Mode: "constant"}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dst.Data, c.want) {
			t.Errorf("got %v, want %v", dst.Data, c.want)
		}
	}
}

func randomMask(r *rand.Rand, shape []int, density float64) Array {
	a := Array{Shape: shape, Data: randomImage(r, shape, 0)}
	for i, v := range a.Data {
		a.Data[i] = 0
		if float64(v) < density {
			a.Data[i] = 1
		}
	}
	return a
}

// TestBinaryIterations checks that n iterations (the propagation from changed pixels)
// equal n single applications, and 0 iterations the fixed point.
func TestBinaryIterations(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ops := map[string]func(dst, image Array, p BinaryParams) error{
		"erosion": BinaryErosion, "dilation": BinaryDilation,
	}
	for _, shape := range [][]int{{40, 37}, {6, 21, 19}, {1, 30}, {9, 1, 11}} {
		for name, op := range ops {
			for conn := 1; conn <= len(shape); conn++ {
				for bv := 0; bv <= 1; bv++ {
					in := randomMask(r, shape, 0.3+0.4*r.Float64())
					step := in
					for it := 0; it <= 6; it++ {
						label := fmt.Sprintf("%s %v conn %d border %d", name, shape, conn, bv)
						if it > 0 {
							next := Array{Shape: shape, Data: make([]float32, len(in.Data))}
							if err := op(next, step, BinaryParams{Iterations: 1, Connectivity: conn, BorderValue: bv}); err != nil {
								t.Fatal(err)
							}
							step = next
							got := Array{Shape: shape, Data: make([]float32, len(in.Data))}
							if err := op(got, in, BinaryParams{Iterations: it, Connectivity: conn, BorderValue: bv}); err != nil {
								t.Fatal(err)
							}
							if !slices.Equal(got.Data, step.Data) {
								t.Fatalf("%s: %d iterations differ from %d single steps", label, it, it)
							}
						}
					}
					// Iterate singly to the fixed point and compare with iterations 0.
					for {
						next := Array{Shape: shape, Data: make([]float32, len(in.Data))}
						if err := op(next, step, BinaryParams{Iterations: 1, Connectivity: conn, BorderValue: bv}); err != nil {
							t.Fatal(err)
						}
						if slices.Equal(next.Data, step.Data) {
							break
						}
						step = next
					}
					got := Array{Shape: shape, Data: make([]float32, len(in.Data))}
					if err := op(got, in, BinaryParams{Iterations: 0, Connectivity: conn, BorderValue: bv}); err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got.Data, step.Data) {
						t.Fatalf("%s %v conn %d border %d: iterations 0 is not the fixed point", name, shape, conn, bv)
					}
				}
			}
		}
	}
}

func TestMorphologyErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	other := Array{Shape: []int{5, 4}, Data: make([]float32, 20)}
	cases := []struct {
		err  error
		want string
	}{
		{BinaryErosion(img, img, BinaryParams{Iterations: 1, Connectivity: 3}), "binary_erosion: connectivity must be in [1, 2] for a 2D image, got 3"},
		{BinaryDilation(img, img, BinaryParams{Iterations: 1, Connectivity: 1, BorderValue: 2}), "border_value must be 0 or 1"},
		{BinaryOpening(img, img, BinaryParams{Iterations: -1, Connectivity: 1}), "iterations must be >= 0"},
		{BinaryClosing(other, img, BinaryParams{Iterations: 1, Connectivity: 1}), "does not match"},
		{MaximumFilter(img, img, BoxParams{Size: []int{0}}), "size must be >= 1"},
		{MinimumFilter(img, img, BoxParams{Size: []int{3, 3, 3}}), "want 1 or 2 values"},
		{GreyOpening(img, img, GreyParams{Size: []int{3}, Mode: "wrapped"}), "mode must be one of"},
		{GreyClosing(img, Array{Shape: []int{4, 5}, Data: make([]float32, 3)}, GreyParams{Size: []int{3}}), "do not agree"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: error %v, want one containing %q", i, c.err, c.want)
		}
	}
}
