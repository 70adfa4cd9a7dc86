package cpu

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// neighboursOf lists the in-image neighbours of pixel i under the connectivity.
func neighboursOf(shape []int, i, conn int) []int {
	nz, ny, nx := dims3(shape)
	z, y, x := i/(ny*nx), i/nx%ny, i%nx
	zr := 0
	if len(shape) == 3 {
		zr = 1
	}
	var out []int
	for dz := -zr; dz <= zr; dz++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				s := abs(dz) + abs(dy) + abs(dx)
				zz, yy, xx := z+dz, y+dy, x+dx
				if s == 0 || s > conn || zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx {
					continue
				}
				out = append(out, (zz*ny+yy)*nx+xx)
			}
		}
	}
	return out
}

// components returns a component id per pixel of the set in (-1 outside) and the sizes.
func components(shape []int, in []bool, conn int) ([]int, []int) {
	id := make([]int, len(in))
	for i := range id {
		id[i] = -1
	}
	var sizes []int
	for i := range in {
		if !in[i] || id[i] >= 0 {
			continue
		}
		c := len(sizes)
		sizes = append(sizes, 0)
		stack := []int{i}
		id[i] = c
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			sizes[c]++
			for _, q := range neighboursOf(shape, p, conn) {
				if in[q] && id[q] < 0 {
					id[q] = c
					stack = append(stack, q)
				}
			}
		}
	}
	return id, sizes
}

func onFace(shape []int, i int) bool {
	nz, ny, nx := dims3(shape)
	z, y, x := i/(ny*nx), i/nx%ny, i%nx
	return y == 0 || y == ny-1 || x == 0 || x == nx-1 || len(shape) == 3 && (z == 0 || z == nz-1)
}

func TestRegionsBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, shape := range [][]int{{1, 1}, {1, 8}, {15, 19}, {3, 9, 10}, {6, 7, 5}} {
		for _, density := range []float64{0.3, 0.55, 0.8} {
			in := randomMask(r, shape, density)
			mask := randomMask(r, shape, 0.6)
			fg := make([]bool, len(in.Data))
			bg := make([]bool, len(in.Data))
			for i, v := range in.Data {
				fg[i], bg[i] = v != 0, v == 0
			}
			for conn := 1; conn <= len(shape); conn++ {
				got := Array{Shape: shape, Data: make([]float32, len(in.Data))}
				// Fill holes: background components touching no face.
				if err := BinaryFillHoles(got, in, LabelParams{Connectivity: conn}); err != nil {
					t.Fatal(err)
				}
				id, sizes := components(shape, bg, conn)
				edge := make([]bool, len(sizes))
				for i, c := range id {
					if c >= 0 && onFace(shape, i) {
						edge[c] = true
					}
				}
				for i, c := range id {
					want := float32(1)
					if c >= 0 && edge[c] {
						want = 0
					}
					if got.Data[i] != want {
						t.Fatalf("fill_holes %v c%d: pixel %d = %v, want %v", shape, conn, i, got.Data[i], want)
					}
				}
				// Small objects and holes.
				for _, size := range []int{0, 2, 7, 40} {
					if err := RemoveSmallObjects(got, in, SmallObjectsParams{MinSize: size, Connectivity: conn}); err != nil {
						t.Fatal(err)
					}
					fid, fsizes := components(shape, fg, conn)
					for i, c := range fid {
						want := float32(0)
						if c >= 0 && fsizes[c] >= size {
							want = 1
						}
						if got.Data[i] != want {
							t.Fatalf("remove_small_objects %v c%d %d: pixel %d = %v, want %v", shape, conn, size, i, got.Data[i], want)
						}
					}
					if err := RemoveSmallHoles(got, in, SmallHolesParams{AreaThreshold: size, Connectivity: conn}); err != nil {
						t.Fatal(err)
					}
					for i, c := range id {
						want := float32(1)
						if c >= 0 && sizes[c] >= size {
							want = 0
						}
						if got.Data[i] != want {
							t.Fatalf("remove_small_holes %v c%d %d: pixel %d = %v, want %v", shape, conn, size, i, got.Data[i], want)
						}
					}
				}
				// Propagation: seeds plus mask pixels reached from them through the mask.
				seeds := randomMask(r, shape, 0.05)
				for bv := 0; bv <= 1; bv++ {
					if err := BinaryPropagation(got, seeds, mask, BinaryPropagationParams{Connectivity: conn, BorderValue: bv}); err != nil {
						t.Fatal(err)
					}
					want := make([]bool, len(in.Data))
					var stack []int
					for i, v := range seeds.Data {
						if v != 0 || bv == 1 && mask.Data[i] != 0 && onFace(shape, i) {
							want[i] = true
							stack = append(stack, i)
						}
					}
					for len(stack) > 0 {
						p := stack[len(stack)-1]
						stack = stack[:len(stack)-1]
						for _, q := range neighboursOf(shape, p, conn) {
							if mask.Data[q] != 0 && !want[q] {
								want[q] = true
								stack = append(stack, q)
							}
						}
					}
					for i, w := range want {
						if (got.Data[i] == 1) != w {
							t.Fatalf("binary_propagation %v c%d b%d: pixel %d = %v, want %v", shape, conn, bv, i, got.Data[i], w)
						}
					}
				}
			}
		}
	}
}

func TestRegionsErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	other := Array{Shape: []int{5, 4}, Data: make([]float32, 20)}
	cases := []struct {
		err  error
		want string
	}{
		{BinaryFillHoles(img, img, LabelParams{Connectivity: 3}), "binary_fill_holes: connectivity must be in [1, 2] for a 2D image, got 3"},
		{BinaryPropagation(img, img, other, BinaryPropagationParams{Connectivity: 1}), "does not match"},
		{BinaryPropagation(img, img, img, BinaryPropagationParams{Connectivity: 1, BorderValue: 3}), "border_value must be 0 or 1"},
		{RemoveSmallObjects(img, img, SmallObjectsParams{MinSize: -1, Connectivity: 1}), "remove_small_objects: size must be >= 0"},
		{RemoveSmallHoles(img, other, SmallHolesParams{AreaThreshold: 1, Connectivity: 1}), "does not match"},
		{RemoveSmallHoles(img, img, SmallHolesParams{AreaThreshold: 1, Connectivity: 0}), "connectivity must be"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: got %v, want an error containing %q", i, c.err, c.want)
		}
	}
	// NaN is foreground.
	nan := Array{Shape: []int{1, 3}, Data: []float32{float32(math.NaN()), 0, 1}}
	got := Array{Shape: []int{1, 3}, Data: make([]float32, 3)}
	if err := RemoveSmallObjects(got, nan, SmallObjectsParams{MinSize: 1, Connectivity: 1}); err != nil || got.Data[0] != 1 {
		t.Errorf("NaN foreground: %v %v", got.Data, err)
	}
}
