package cpu

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveReconstruction iterates J = min(max over the neighbourhood of J, mask) until
// nothing changes (the dual for erosion), from the clipped seed.
func naiveReconstruction(shape []int, seed, mask []float32, conn int, erosion bool) []float32 {
	j := make([]float32, len(seed))
	for i := range j {
		if erosion {
			j[i] = max(seed[i], mask[i])
		} else {
			j[i] = min(seed[i], mask[i])
		}
	}
	for changed := true; changed; {
		changed = false
		next := append([]float32(nil), j...)
		for i := range j {
			v := j[i]
			for _, q := range neighboursOf(shape, i, conn) {
				if erosion {
					v = min(v, j[q])
				} else {
					v = max(v, j[q])
				}
			}
			if erosion {
				v = max(v, mask[i])
			} else {
				v = min(v, mask[i])
			}
			if v != j[i] {
				next[i], changed = v, true
			}
		}
		j = next
	}
	return j
}

func TestReconstructionNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, shape := range [][]int{{1, 1}, {1, 9}, {17, 13}, {4, 9, 11}} {
		for conn := 1; conn <= 3; conn++ {
			for _, method := range []string{"dilation", "erosion"} {
				seed := randomImage(r, shape, 6)
				mask := randomImage(r, shape, 6)
				got := Array{Shape: shape, Data: make([]float32, len(seed))}
				p := ReconstructionParams{Method: method, Connectivity: conn}
				if err := Reconstruction(got, Array{Shape: shape, Data: seed}, Array{Shape: shape, Data: mask}, p); err != nil {
					t.Fatal(err)
				}
				want := naiveReconstruction(shape, seed, mask, min(conn, len(shape)), method == "erosion")
				for i := range want {
					if got.Data[i] != want[i] {
						t.Fatalf("%v c%d %s: pixel %d = %v, want %v", shape, conn, method, i, got.Data[i], want[i])
					}
				}
			}
		}
	}
}

// TestLocalMaximaDefinition checks NaN-free images against the definition: a plateau
// (connected equal pixels) without a greater neighbour, not touching the edge (when
// borders are not allowed) or, with allow_borders, not at the image minimum while
// touching the edge.
func TestLocalMaximaDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	for _, shape := range [][]int{{1, 1}, {1, 6}, {2, 7}, {11, 13}, {3, 7, 8}, {5, 6, 4}} {
		for conn := 1; conn <= len(shape); conn++ {
			for _, allow := range []bool{true, false} {
				img := randomImage(r, shape, 3)
				got := Array{Shape: shape, Data: make([]float32, len(img))}
				if err := LocalMaxima(got, Array{Shape: shape, Data: img}, LocalExtremaParams{Connectivity: conn, AllowBorders: allow}); err != nil {
					t.Fatal(err)
				}
				lo := img[0]
				for _, v := range img {
					lo = min(lo, v)
				}
				small := false
				for _, d := range shape {
					small = small || d < 3
				}
				seen := make([]bool, len(img))
				want := make([]float32, len(img))
				for i := range img {
					if seen[i] {
						continue
					}
					plateau := []int{i}
					seen[i] = true
					isMax := true
					for k := 0; k < len(plateau); k++ {
						p := plateau[k]
						if onFace(shape, p) && (!allow || img[p] == lo) {
							isMax = false
						}
						for _, q := range neighboursOf(shape, p, conn) {
							switch {
							case img[q] > img[p]:
								isMax = false
							case img[q] == img[p] && !seen[q]:
								seen[q] = true
								plateau = append(plateau, q)
							}
						}
					}
					if isMax && !(small && !allow) {
						for _, p := range plateau {
							want[p] = 1
						}
					}
				}
				for i := range want {
					if got.Data[i] != want[i] {
						t.Fatalf("%v c%d allow=%v: pixel %d = %v, want %v", shape, conn, allow, i, got.Data[i], want[i])
					}
				}
			}
		}
	}
}

func TestReconstructErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	nan := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	nan.Data[7] = float32(math.NaN())
	other := Array{Shape: []int{2, 10}, Data: make([]float32, 20)}
	cases := []struct {
		err  error
		want string
	}{
		{Reconstruction(img, img, other, ReconstructionParams{Connectivity: 3}), "does not match"},
		{Reconstruction(img, img, img, ReconstructionParams{Method: "open", Connectivity: 3}), "method must be dilation or erosion"},
		{Reconstruction(img, nan, img, ReconstructionParams{Connectivity: 3}), "reconstruction: NaN in the seed or mask at pixel 7"},
		{Reconstruction(img, img, img, ReconstructionParams{Connectivity: 4}), "connectivity must be in [1, 3], got 4"},
		{HMaxima(img, img, HExtremaParams{H: 0, Connectivity: 1}), "h_maxima: h must be finite and > 0, got 0"},
		{HMinima(img, img, HExtremaParams{H: math.NaN(), Connectivity: 1}), "h must be finite"},
		{HMinima(img, img, HExtremaParams{H: math.Inf(1), Connectivity: 1}), "h must be finite"},
		{HMaxima(img, nan, HExtremaParams{H: 1, Connectivity: 1}), "h_maxima: NaN in the image at pixel 7"},
		{LocalMaxima(img, other, LocalExtremaParams{Connectivity: 1}), "does not match"},
		{LocalMinima(img, img, LocalExtremaParams{Connectivity: 0}), "local_minima: connectivity must be in [1, 3]"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: got %v, want an error containing %q", i, c.err, c.want)
		}
	}
}
