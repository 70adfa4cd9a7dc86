package cpu

import (
	"math"
	"strings"
	"testing"
)

// TestGaussianFilterRejectsBadParameters: every bad value is an error naming the
// parameter, never a panic or a giant allocation.
func TestGaussianFilterRejectsBadParameters(t *testing.T) {
	img := Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	dst := Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	for _, tc := range []struct {
		p    GaussianParams
		want string
	}{
		{GaussianParams{Sigma: []float64{-1}, Mode: "reflect", Truncate: 4}, "sigma must be finite and >= 0, got -1"},
		{GaussianParams{Sigma: []float64{math.NaN()}, Mode: "reflect", Truncate: 4}, "sigma must be finite"},
		{GaussianParams{Sigma: []float64{1, 2, 3}, Mode: "reflect", Truncate: 4}, "sigma"},
		{GaussianParams{Sigma: []float64{1}, Mode: "reflect", Truncate: 1e300}, "kernel radius"},
		{GaussianParams{Sigma: []float64{1e30}, Mode: "reflect", Truncate: 4}, "kernel radius"},
		{GaussianParams{Sigma: []float64{1}, Mode: "reflect", Truncate: math.Inf(1)}, "truncate must be finite"},
		{GaussianParams{Sigma: []float64{1}, Mode: "bogus", Truncate: 4}, "bogus"},
	} {
		err := GaussianFilter(dst, img, tc.p)
		if err == nil || !strings.HasPrefix(err.Error(), "gaussian_filter: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want an error containing %q", tc.p, err, tc.want)
		}
	}
	empty := Array{Shape: []int{0, 4}, Data: nil}
	if err := GaussianFilter(empty, empty, GaussianParams{Sigma: []float64{1}, Mode: "reflect", Truncate: 4}); err == nil ||
		!strings.Contains(err.Error(), "empty axis") {
		t.Errorf("empty image: got %v, want an empty-axis error", err)
	}
}
