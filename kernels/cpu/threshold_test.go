package cpu

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestThresholdOtsuEdgeCases(t *testing.T) {
	inf := float32(math.Inf(1))
	nan := float32(math.NaN())
	cases := []struct {
		name string
		data []float32
		want []float32 // nil: an error containing errWant
		err  string
	}{
		{"constant", []float32{5, 5, 5, 5}, []float32{0, 0, 0, 0}, ""},
		{"signed zeros are one value", []float32{0, float32(math.Copysign(0, -1)), 0, 0}, []float32{0, 0, 0, 0}, ""},
		{"constant infinity", []float32{inf, inf}, []float32{0, 0}, ""},
		{"two values", []float32{1, 3, 1, 3}, []float32{0, 1, 0, 1}, ""},
		{"NaN", []float32{1, nan, 2, 3}, nil, "NaN or infinite"},
		{"NaN first", []float32{nan, 1, 2, 3}, nil, "NaN or infinite"},
		{"all NaN", []float32{nan, nan}, nil, "NaN or infinite"},
		{"infinity", []float32{1, 2, inf, 3}, nil, "NaN or infinite"},
	}
	for _, c := range cases {
		img := Array{Shape: []int{1, len(c.data)}, Data: c.data}
		dst := Array{Shape: img.Shape, Data: make([]float32, len(c.data))}
		err := ThresholdOtsu(dst, img, OtsuParams{Nbins: 256})
		switch {
		case c.want == nil && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.err)
		case c.want != nil && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != nil && !slices.Equal(dst.Data, c.want):
			t.Errorf("%s: got %v, want %v", c.name, dst.Data, c.want)
		}
	}
	img := Array{Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}}
	if err := ThresholdOtsu(img, img, OtsuParams{Nbins: 1}); err == nil || !strings.Contains(err.Error(), "nbins must be in [2, 16777216]") {
		t.Errorf("nbins 1: error %v", err)
	}
}

// TestOtsuVolumeIsOneHistogram checks that a volume is thresholded as a whole: a slice
// of low values stays 0 even though its own Otsu threshold would split it.
func TestOtsuVolumeIsOneHistogram(t *testing.T) {
	vol := Array{Shape: []int{2, 1, 4}, Data: []float32{1, 2, 1, 2, 10, 20, 10, 20}}
	dst := Array{Shape: vol.Shape, Data: make([]float32, 8)}
	if err := ThresholdOtsu(dst, vol, OtsuParams{Nbins: 256}); err != nil {
		t.Fatal(err)
	}
	if want := []float32{0, 0, 0, 0, 0, 1, 0, 1}; !slices.Equal(dst.Data, want) {
		t.Errorf("got %v, want %v", dst.Data, want)
	}
}
