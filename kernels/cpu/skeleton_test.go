package cpu

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSkeletonProperties checks that skeletons are subsets of their input, that a
// skeleton is its own skeleton, and that thin's iterations compose.
func TestSkeletonProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, shape := range [][]int{{1, 1}, {3, 40}, {31, 37}} {
		for _, density := range []float64{0.4, 0.7, 0.95} {
			in := randomMask(r, shape, density)
			src := Plane(in)
			skel := Plane{Shape: shape, Data: make([]float32, len(in.Data))}
			again := Plane{Shape: shape, Data: make([]float32, len(in.Data))}
			for name, op := range map[string]func(dst, image Plane) error{
				"skeletonize": Skeletonize,
				"thin":        func(d, s Plane) error { return Thin(d, s, ThinParams{}) },
			} {
				if err := op(skel, src); err != nil {
					t.Fatal(err)
				}
				if err := op(again, skel); err != nil {
					t.Fatal(err)
				}
				for i, v := range skel.Data {
					if v != 0 && in.Data[i] == 0 {
						t.Fatalf("%s %v: pixel %d is not in the input", name, shape, i)
					}
				}
				if !slices.Equal(skel.Data, again.Data) {
					t.Errorf("%s %v density %v: not idempotent", name, shape, density)
				}
			}
			// thin(thin(x, 1), 2) == thin(x, 3)
			one := Plane{Shape: shape, Data: make([]float32, len(in.Data))}
			three := Plane{Shape: shape, Data: make([]float32, len(in.Data))}
			if err := Thin(one, src, ThinParams{MaxNumIter: 1}); err != nil {
				t.Fatal(err)
			}
			if err := Thin(again, one, ThinParams{MaxNumIter: 2}); err != nil {
				t.Fatal(err)
			}
			if err := Thin(three, src, ThinParams{MaxNumIter: 3}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(again.Data, three.Data) {
				t.Errorf("thin %v: iterations do not compose", shape)
			}
		}
	}
	for _, shape := range [][]int{{1, 1, 1}, {1, 9, 12}, {7, 11, 13}} {
		in := randomMask(r, shape, 0.8)
		skel := Volume{Shape: shape, Data: make([]float32, len(in.Data))}
		again := Volume{Shape: shape, Data: make([]float32, len(in.Data))}
		if err := Skeletonize3D(skel, Volume(in)); err != nil {
			t.Fatal(err)
		}
		if err := Skeletonize3D(again, skel); err != nil {
			t.Fatal(err)
		}
		for i, v := range skel.Data {
			if v != 0 && in.Data[i] == 0 {
				t.Fatalf("skeletonize_3d %v: pixel %d is not in the input", shape, i)
			}
		}
		if !slices.Equal(skel.Data, again.Data) {
			t.Errorf("skeletonize_3d %v: not idempotent", shape)
		}
	}
}

func TestSkeletonErrors(t *testing.T) {
	p := Plane{Shape: []int{4, 5}, Data: make([]float32, 20)}
	v := Volume{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}
	cases := []struct {
		err  error
		want string
	}{
		{Skeletonize(p, Plane{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}), "skeletonize: shape [4 5] does not match [2 4 5]"},
		{Skeletonize(Plane{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}, Plane{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}), "skeletonize: want a 2D image"},
		{Thin(p, p, ThinParams{MaxNumIter: -1}), "thin: max_num_iter must be >= 0"},
		{Thin(p, Plane{Shape: []int{4, 5}, Data: make([]float32, 3)}, ThinParams{}), "do not agree"},
		{Skeletonize3D(v, Volume{Shape: []int{4, 5}, Data: make([]float32, 20)}), "does not match"},
		{Skeletonize3D(Volume(p), Volume(p)), "skeletonize_3d: want a 3D image"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: got %v, want an error containing %q", i, c.err, c.want)
		}
	}
}
