package cpu

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func labelsOf(shape []int, v ...uint32) LabelArray { return LabelArray{Shape: shape, Data: v} }

func emptyLike(l LabelArray) LabelArray {
	return LabelArray{Shape: l.Shape, Data: make([]uint32, len(l.Data))}
}

func TestRelabelSequential(t *testing.T) {
	src := labelsOf([]int{2, 3}, 7, 7, 3, 100, 3, 4000000000)
	dst := emptyLike(src)
	if err := RelabelSequential(dst, src, RelabelParams{Offset: 1}); err != nil {
		t.Fatal(err)
	}
	// No 0 in the input: the smallest label becomes offset (sparse lookup: 4e9 is huge).
	if want := []uint32{2, 2, 1, 3, 1, 4}; !slices.Equal(dst.Data, want) {
		t.Errorf("got %v, want %v", dst.Data, want)
	}
	src = labelsOf([]int{1, 4}, 0, 5, 9, 5)
	if err := RelabelSequential(emptyLike(src), src, RelabelParams{Offset: math.MaxUint32}); err == nil ||
		!strings.Contains(err.Error(), "beyond the uint32 range") {
		t.Errorf("overflowing offset: %v", err)
	}
	dst = emptyLike(src)
	if err := RelabelSequential(dst, src, RelabelParams{Offset: math.MaxUint32 - 1}); err != nil {
		t.Fatal(err)
	}
	if want := []uint32{0, math.MaxUint32 - 1, math.MaxUint32, math.MaxUint32 - 1}; !slices.Equal(dst.Data, want) {
		t.Errorf("offset at the top: %v, want %v", dst.Data, want)
	}
	if err := RelabelSequential(dst, src, RelabelParams{Offset: 0}); err == nil {
		t.Error("offset 0 accepted")
	}
	if err := RelabelSequential(labelsOf([]int{2, 2}, 0, 0, 0, 0), src, RelabelParams{Offset: 1}); err == nil {
		t.Error("dst of another shape accepted")
	}
}

func TestRemoveLabelsBySize(t *testing.T) {
	// The clesperanto test: sizes 1:4, 2:2, 3:4, 4:4, 5:2, 6:6.
	src := labelsOf([]int{5, 6},
		1, 1, 2, 0, 3, 3,
		1, 1, 2, 0, 3, 3,
		0, 0, 0, 0, 0, 0,
		4, 4, 5, 6, 6, 6,
		4, 4, 5, 6, 6, 6)
	dst := emptyLike(src)
	if err := RemoveSmallLabels(dst, src, SizeParamsMin{MinimumSize: 4}); err != nil {
		t.Fatal(err)
	}
	want := []uint32{1, 1, 0, 0, 2, 2, 1, 1, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 3, 3, 0, 4, 4, 4, 3, 3, 0, 4, 4, 4}
	if !slices.Equal(dst.Data, want) {
		t.Errorf("remove_small_labels(4): %v, want %v", dst.Data, want)
	}
	if err := RemoveLargeLabels(dst, src, SizeParamsMax{MaximumSize: 4}); err != nil {
		t.Fatal(err)
	}
	want = []uint32{1, 1, 2, 0, 3, 3, 1, 1, 2, 0, 3, 3, 0, 0, 0, 0, 0, 0, 4, 4, 5, 0, 0, 0, 4, 4, 5, 0, 0, 0}
	if !slices.Equal(dst.Data, want) {
		t.Errorf("remove_large_labels(4): %v, want %v", dst.Data, want)
	}
	if err := RemoveSmallLabels(dst, src, SizeParamsMin{MinimumSize: math.NaN()}); err == nil {
		t.Error("NaN minimum_size accepted")
	}
}

func TestClearBorder(t *testing.T) {
	src := labelsOf([]int{4, 5},
		1, 0, 0, 0, 0,
		0, 2, 2, 0, 0,
		0, 2, 0, 3, 0,
		0, 0, 0, 0, 0)
	dst := emptyLike(src)
	if err := ClearBorder(dst, src, ClearBorderParams{Bgval: 9}); err != nil {
		t.Fatal(err)
	}
	// The border holds background, so background takes bgval too (skimage's behaviour).
	want := []uint32{9, 9, 9, 9, 9, 9, 2, 2, 9, 9, 9, 2, 9, 3, 9, 9, 9, 9, 9, 9}
	if !slices.Equal(dst.Data, want) {
		t.Errorf("got %v, want %v", dst.Data, want)
	}
	if err := ClearBorder(dst, src, ClearBorderParams{BufferSize: 4}); err == nil ||
		!strings.Contains(err.Error(), "smaller than every dimension") {
		t.Errorf("buffer_size 4 on a 4x5 image: %v", err)
	}
}

func TestExpandLabelsEdgeCases(t *testing.T) {
	src := labelsOf([]int{3, 3}, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	dst := emptyLike(src)
	dst.Data[0] = 5
	if err := ExpandLabels(dst, src, ExpandParams{Distance: 10}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dst.Data, src.Data) {
		t.Errorf("no labels: %v, want all 0", dst.Data)
	}
	for _, d := range []float64{-1, math.NaN()} {
		if err := ExpandLabels(dst, src, ExpandParams{Distance: d}); err == nil {
			t.Errorf("distance %v accepted", d)
		}
	}
}

// TestFeatureTransformDistances checks that the feature transform finds a nearest
// feature pixel (by brute force; ties may pick either) on random 2D and 3D images.
func TestFeatureTransformDistances(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][]int{{17, 23}, {1, 9}, {5, 1}, {4, 9, 7}, {1, 5, 6}} {
		g := newLabelGrid(shape)
		n := 1
		for _, s := range shape {
			n *= s
		}
		feat := make([]bool, n)
		for i := range feat {
			feat[i] = r.Float64() < 0.08
		}
		ft := featureTransform(shape, func(i int) bool { return feat[i] })
		d2 := func(i, j int) int {
			a, b := g.coords(i), g.coords(j)
			s := 0
			for k := range a {
				s += (a[k] - b[k]) * (a[k] - b[k])
			}
			return s
		}
		for i := 0; i < n; i++ {
			best := -1
			for j := 0; j < n; j++ {
				if feat[j] && (best < 0 || d2(i, j) < d2(i, best)) {
					best = j
				}
			}
			switch {
			case best < 0 && ft[i] != -1:
				t.Fatalf("%v: pixel %d has feature %d but there are none", shape, i, ft[i])
			case best >= 0 && (ft[i] < 0 || !feat[ft[i]] || d2(i, int(ft[i])) != d2(i, best)):
				t.Fatalf("%v: pixel %d: feature %d, want one at squared distance %d", shape, i, ft[i], d2(i, best))
			}
		}
	}
}

func TestFindBoundariesErrors(t *testing.T) {
	src := labelsOf([]int{2, 2}, 1, 2, 0, 0)
	dst := Array{Shape: src.Shape, Data: make([]float32, 4)}
	for _, p := range []FindBoundariesParams{
		{Connectivity: 3, Mode: "thick"},
		{Connectivity: 1, Mode: "subpixel"},
		{Connectivity: 1, Mode: "thick", Background: -1},
	} {
		if err := FindBoundaries(dst, src, p); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if err := FindBoundaries(dst, src, FindBoundariesParams{Connectivity: 1, Mode: "inner"}); err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 1, 0, 0}; !slices.Equal(dst.Data, want) {
		t.Errorf("inner: %v, want %v", dst.Data, want)
	}
}
