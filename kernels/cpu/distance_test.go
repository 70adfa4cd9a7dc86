package cpu

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// bruteDistance is the definition: for every pixel the smallest distance to a zero,
// with metric 0 Euclidean (weighted by sampling), 1 taxicab, 2 chessboard.
func bruteDistance(img []float32, shape []int, sampling []float64, metric int) []float64 {
	nz, ny, nx := dims3(shape)
	if len(shape) == 2 {
		sampling = append([]float64{1}, sampling...)
	}
	out := make([]float64, len(img))
	for i := range img {
		if img[i] == 0 {
			continue
		}
		z, y, x := i/(ny*nx), i/nx%ny, i%nx
		best := math.Inf(1)
		for j, v := range img {
			if v != 0 {
				continue
			}
			dz, dy, dx := float64(abs(j/(ny*nx)-z)), float64(abs(j/nx%ny-y)), float64(abs(j%nx-x))
			var d float64
			switch metric {
			case 0:
				a, b, c := dz*sampling[0], dy*sampling[1], dx*sampling[2]
				d = math.Sqrt(a*a + b*b + c*c)
			case 1:
				d = dz + dy + dx
			default:
				d = max(dz, dy, dx)
			}
			best = min(best, d)
		}
		out[i] = best
	}
	_ = nz
	return out
}

func TestDistanceTransformsBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := [][]int{{1, 1}, {1, 9}, {9, 1}, {13, 17}, {3, 5, 7}, {4, 9, 20}, {2, 1, 33}}
	for _, shape := range shapes {
		for _, frac := range []float64{0.02, 0.3, 0.8} {
			img := randomImage(r, shape, 0)
			for i := range img {
				if r.Float64() < frac {
					img[i] = 0
				}
			}
			img[r.IntN(len(img))] = 0 // at least one zero
			in := Array{Shape: shape, Data: img}
			dst := Array{Shape: shape, Data: make([]float32, len(img))}
			samplings := [][]float64{{1}, []float64{0.5, 2, 1.25}[3-len(shape):], {0}}
			for _, s := range samplings {
				if err := DistanceTransformEDT(dst, in, EDTParams{Sampling: s}); err != nil {
					t.Fatal(err)
				}
				ss, _ := perAxisFloats("", s, len(shape))
				want := bruteDistance(img, shape, ss, 0)
				for i := range want {
					if math.Abs(float64(dst.Data[i])-want[i]) > 1e-5*(1+want[i]) {
						t.Fatalf("edt %v sampling %v: pixel %d = %v, want %v", shape, s, i, dst.Data[i], want[i])
					}
				}
			}
			for m, name := range []string{"", "taxicab", "chessboard"} {
				if m == 0 {
					continue
				}
				if err := DistanceTransformCDT(dst, in, CDTParams{Metric: name}); err != nil {
					t.Fatal(err)
				}
				want := bruteDistance(img, shape, []float64{1, 1, 1}, m)
				for i := range want {
					if float64(dst.Data[i]) != want[i] {
						t.Fatalf("cdt %s %v: pixel %d = %v, want %v", name, shape, i, dst.Data[i], want[i])
					}
				}
			}
		}
	}
}

func TestDistanceTransformErrors(t *testing.T) {
	img := Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	cases := []struct {
		err  error
		want string
	}{
		{DistanceTransformEDT(img, img, EDTParams{Sampling: []float64{math.NaN()}}), "sampling must be finite"},
		{DistanceTransformEDT(img, img, EDTParams{Sampling: []float64{-1}}), "sampling must be finite and >= 0"},
		{DistanceTransformEDT(img, img, EDTParams{Sampling: []float64{1, 2, 3}}), "want 1 or 2 values"},
		{DistanceTransformCDT(img, img, CDTParams{Metric: "euclid"}), "metric must be"},
		{DistanceTransformCDT(Array{Shape: []int{3, 3}, Data: make([]float32, 9)}, img, CDTParams{}), "does not match"},
	}
	for i, c := range cases {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("case %d: got %v, want an error containing %q", i, c.err, c.want)
		}
	}
	if err := DistanceTransformEDT(img, img, EDTParams{Sampling: []float64{1}}); err != nil {
		t.Error(err)
	}
	// A sampling whose squares overflow gives +Inf distances, as in scipy, not the
	// no-background result.
	row := Array{Shape: []int{1, 3}, Data: []float32{1, 0, 1}}
	out := Array{Shape: []int{1, 3}, Data: make([]float32, 3)}
	if err := DistanceTransformEDT(out, row, EDTParams{Sampling: []float64{1e200}}); err != nil ||
		!math.IsInf(float64(out.Data[0]), 1) || out.Data[1] != 0 || !math.IsInf(float64(out.Data[2]), 1) {
		t.Errorf("huge sampling: %v %v", out.Data, err)
	}
}
