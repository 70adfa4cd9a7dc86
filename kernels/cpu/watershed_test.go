package cpu

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestWatershedBasics(t *testing.T) {
	img := Array{Shape: []int{1, 7}, Data: []float32{0, 1, 2, 3, 2, 1, 0}}
	markers := labelsOf([]int{1, 7}, 4, 0, 0, 0, 0, 0, 9)
	dst := emptyLike(markers)
	if err := Watershed(dst, img, markers, WatershedParams{Connectivity: 1}); err != nil {
		t.Fatal(err)
	}
	// The ridge pixel (3) is reached from both sides at the same level: the basin whose
	// neighbour was pushed first (the left one, older) takes it.
	if want := []uint32{4, 4, 4, 4, 9, 9, 9}; !slices.Equal(dst.Data, want) {
		t.Errorf("got %v, want %v", dst.Data, want)
	}
	none := emptyLike(markers)
	if err := Watershed(dst, img, none, WatershedParams{Connectivity: 1}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dst.Data, none.Data) {
		t.Errorf("no markers: %v, want all 0", dst.Data)
	}
	mask := Array{Shape: img.Shape, Data: []float32{1, 1, 0, 1, 1, 1, float32(math.NaN())}}
	if err := WatershedMasked(dst, img, markers, mask, WatershedParams{Connectivity: 1}); err != nil {
		t.Fatal(err)
	}
	if want := []uint32{4, 4, 0, 9, 9, 9, 9}; !slices.Equal(dst.Data, want) {
		t.Errorf("masked (NaN counts as inside): %v, want %v", dst.Data, want)
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"connectivity", Watershed(dst, img, markers, WatershedParams{Connectivity: 3}), "connectivity must be in [1, 2]"},
		{"markers shape", Watershed(dst, img, labelsOf([]int{7, 1}, make([]uint32, 7)...), WatershedParams{Connectivity: 1}), "does not match"},
		{"mask shape", WatershedMasked(dst, img, markers, Array{Shape: []int{7, 1}, Data: make([]float32, 7)}, WatershedParams{Connectivity: 1}), "does not match"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

// TestWatershedHeap checks the heap against skimage's ordering rules: equal values pop
// by age, and a NaN value compares as neither smaller nor equal.
func TestWatershedHeap(t *testing.T) {
	var h wsHeap
	in := []wsItem{{3, 5, 0}, {1, 7, 1}, {1, 2, 2}, {2, 1, 3}, {1, 9, 4}, {0, 8, 5}}
	for _, it := range in {
		h.push(it)
	}
	var order []uint32
	for len(h) > 0 {
		order = append(order, h.pop().index)
	}
	if want := []uint32{5, 2, 1, 4, 3, 0}; !slices.Equal(order, want) {
		t.Errorf("pop order %v, want %v", order, want)
	}
	nan := float32(math.NaN())
	if wsSmaller(&wsItem{value: nan, age: 1}, &wsItem{value: 2, age: 5}) || wsSmaller(&wsItem{value: 2, age: 5}, &wsItem{value: nan, age: 1}) {
		t.Error("a NaN value is ordered")
	}
}

func TestSkLocalMaxima(t *testing.T) {
	for _, c := range []struct {
		data  []float32
		shape []int
		want  []bool
	}{
		// A plateau maximum, a border maximum, and a plateau that touches a higher pixel.
		{[]float32{1, 3, 3, 1, 5, 4, 4, 6}, []int{1, 8}, []bool{false, true, true, false, true, false, false, true}},
		// Constant: the padding equals the plateau, so no maximum.
		{[]float32{2, 2, 2, 2}, []int{2, 2}, []bool{false, false, false, false}},
		{[]float32{1, 2, 1, 2, 9, 2, 1, 2, 1}, []int{3, 3}, []bool{false, false, false, false, true, false, false, false, false}},
	} {
		if got := skLocalMaxima(c.data, c.shape); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.data, got, c.want)
		}
	}
}

func TestVoronoiOtsuErrors(t *testing.T) {
	img := Array{Shape: []int{3, 3}, Data: []float32{1, 2, 3, 4, float32(math.NaN()), 6, 7, 8, 9}}
	dst := LabelArray{Shape: img.Shape, Data: make([]uint32, 9)}
	if err := VoronoiOtsuLabeling(dst, img, VoronoiOtsuParams{SpotSigma: 1, OutlineSigma: 1}); err == nil ||
		!strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN image: %v", err)
	}
	if err := VoronoiOtsuLabeling(dst, img, VoronoiOtsuParams{SpotSigma: -1, OutlineSigma: 1}); err == nil {
		t.Error("negative spot_sigma accepted")
	}
	if err := VoronoiOtsuLabeling(dst, img, VoronoiOtsuParams{SpotSigma: 1, OutlineSigma: math.NaN()}); err == nil {
		t.Error("NaN outline_sigma accepted")
	}
}

// TestFlatQueue checks the unique-key queue against container/heap on random
// interleaved pushes and pops, with keys below the last popped one (downhill pushes)
// as well as above it.
func TestFlatQueue(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var q flatQueue
	ref := &refHeap{}
	used := map[uint64]bool{}
	last := uint64(1 << 40)
	for step := 0; step < 200000; step++ {
		if ref.Len() == 0 || r.IntN(3) > 0 {
			var key uint64
			for key == 0 || used[key] {
				key = last + uint64(r.IntN(1<<20))
				if r.IntN(5) == 0 {
					key = last - uint64(r.IntN(1<<16)) // below the level
				}
			}
			used[key] = true
			q.push(key, uint32(key))
			heap.Push(ref, key)
			continue
		}
		want := heap.Pop(ref).(uint64)
		if got := q.pop(); got != uint32(want) {
			t.Fatalf("step %d: popped %d, want %d", step, got, uint32(want))
		}
		last = want
	}
}

type refHeap []uint64

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(uint64)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
