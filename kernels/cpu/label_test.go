package cpu

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/conformance"
)

// floodLabel is the definition: scan in raster order, and flood every unlabelled
// foreground pixel's component (neighbours at most conn orthogonal steps away) with
// the next number.
func floodLabel(img Array, conn int) []uint32 {
	nz, ny, nx := dims3(img.Shape)
	out := make([]uint32, len(img.Data))
	var next uint32
	var stack []int
	for start, v := range img.Data {
		if v == 0 || out[start] != 0 {
			continue
		}
		next++
		out[start] = next
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			z, y, x := i/(ny*nx), i/nx%ny, i%nx
			for dz := -1; dz <= 1; dz++ {
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						steps := abs(dz) + abs(dy) + abs(dx)
						zz, yy, xx := z+dz, y+dy, x+dx
						if steps == 0 || steps > conn || zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx {
							continue
						}
						if j := (zz*ny+yy)*nx + xx; img.Data[j] != 0 && out[j] == 0 {
							out[j] = next
							stack = append(stack, j)
						}
					}
				}
			}
		}
	}
	return out
}

// labelWith runs Label with parallel bands of at least bandRows rows.
func labelWith(img Array, conn, bandRows int) []uint32 {
	dst := LabelArray{Shape: img.Shape, Data: make([]uint32, len(img.Data))}
	for i := range dst.Data {
		dst.Data[i] = 0xdeadbeef // every element must be written
	}
	labelRuns(dst.Data, img.Data, img.Shape, conn, bandRows, false)
	return dst.Data
}

// TestLabelRandom compares Label with flood filling on random masks of every density
// and connectivity, with bands down to one row so that the seam merging is exercised.
func TestLabelRandom(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	r := rand.New(rand.NewPCG(7, 8))
	shapes := [][]int{{1, 1}, {1, 40}, {40, 1}, {37, 29}, {120, 64}, {1, 13, 17}, {9, 1, 12}, {12, 15, 1}, {17, 19, 23}}
	for _, shape := range shapes {
		for conn := 1; conn <= len(shape); conn++ {
			for _, density := range []float64{0.1, 0.35, 0.5, 0.65, 0.9} {
				img := randomMask(r, shape, density)
				want := floodLabel(img, conn)
				for _, band := range []int{1, 3, 50, 1 << 16} {
					got := labelWith(img, conn, band)
					if !slices.Equal(got, want) {
						t.Fatalf("%v conn %d density %v bands of %d rows: labels differ from flood fill", shape, conn, density, band)
					}
				}
			}
		}
	}
}

// TestLabelCells labels the Otsu mask of the synthetic cell images, the usual
// segmentation pipeline, against flood filling.
func TestLabelCells(t *testing.T) {
	for _, name := range []string{"cells2d", "cells3d"} {
		in, err := conformance.Input(name)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := in.Float32s()
		img := Array{Shape: in.Shape(), Data: data}
		mask := Array{Shape: img.Shape, Data: make([]float32, len(data))}
		if err := ThresholdOtsu(mask, img, OtsuParams{Nbins: 256}); err != nil {
			t.Fatal(err)
		}
		for conn := 1; conn <= len(img.Shape); conn++ {
			dst := LabelArray{Shape: img.Shape, Data: make([]uint32, len(data))}
			if err := Label(dst, mask, LabelParams{Connectivity: conn}); err != nil {
				t.Fatal(err)
			}
			want := floodLabel(mask, conn)
			if !slices.Equal(dst.Data, want) {
				t.Fatalf("%s conn %d: labels differ from flood fill", name, conn)
			}
			t.Logf("%s conn %d: %d components", name, conn, slices.Max(want))
		}
	}
}

func TestLabelErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	vol := Array{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}
	cases := []struct {
		err  error
		want string
	}{
		{Label(LabelArray{Shape: []int{4, 5}, Data: make([]uint32, 20)}, img, LabelParams{Connectivity: 3}),
			"label: connectivity must be in [1, 2] for a 2D image, got 3"},
		{Label(LabelArray{Shape: []int{2, 4, 5}, Data: make([]uint32, 40)}, vol, LabelParams{Connectivity: 0}),
			"label: connectivity must be in [1, 3] for a 3D image, got 0"},
		{Label(LabelArray{Shape: []int{5, 4}, Data: make([]uint32, 20)}, img, LabelParams{Connectivity: 1}), "does not match"},
		{Label(LabelArray{Shape: []int{4, 5}, Data: make([]uint32, 2)}, img, LabelParams{Connectivity: 1}), "do not agree"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: error %v, want one containing %q", i, c.err, c.want)
		}
	}
}
