package cpu

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestRadixSort32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 300, 5000} {
		a := make([]float32, n)
		for i := range a {
			switch i % 5 {
			case 0:
				a[i] = float32(r.NormFloat64() * 1e6)
			case 1:
				a[i] = float32(math.Copysign(0, -1))
			case 2:
				a[i] = float32(math.Inf(-1))
			default:
				a[i] = float32(r.NormFloat64())
			}
		}
		want := slices.Clone(a)
		slices.Sort(want)
		radixSort32(a)
		if !slices.Equal(a, want) {
			t.Errorf("n=%d: not sorted", n)
		}
	}
}

func TestThresholdErrors(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	img := func(v ...float32) Array { return Array{Shape: []int{1, len(v)}, Data: v} }
	out := func(a Array) Array { return Array{Shape: a.Shape, Data: make([]float32, len(a.Data))} }
	hist := HistogramThresholdParams{Nbins: 256}
	for _, c := range []struct {
		name string
		run  func(dst, src Array) error
		src  Array
		want string
	}{
		{"yen NaN", func(d, s Array) error { return ThresholdYen(d, s, hist) }, img(1, nan, 3), "NaN or infinite"},
		{"isodata inf", func(d, s Array) error { return ThresholdIsodata(d, s, hist) }, img(1, inf, 3), "NaN or infinite"},
		{"isodata constant", func(d, s Array) error { return ThresholdIsodata(d, s, hist) }, img(2, 2, 2), "no bin centre"},
		{"triangle constant", func(d, s Array) error { return ThresholdTriangle(d, s, hist) }, img(2, 2, 2), "single occupied bin"},
		{"triangle NaN", func(d, s Array) error { return ThresholdTriangle(d, s, hist) }, img(nan, 1), "NaN or infinite"},
		{"yen nbins", func(d, s Array) error { return ThresholdYen(d, s, HistogramThresholdParams{Nbins: 1}) }, img(1, 2), "nbins must be in [2, 16777216]"},
		{"minimum constant", func(d, s Array) error {
			return ThresholdMinimum(d, s, MinimumThresholdParams{Nbins: 256, MaxNumIter: 100})
		}, img(2, 2, 2), "unable to find two maxima"},
		{"minimum iterations", func(d, s Array) error {
			return ThresholdMinimum(d, s, MinimumThresholdParams{Nbins: 256, MaxNumIter: 0})
		}, img(1, 2), "max_num_iter must be >= 1"},
		{"li tolerance", func(d, s Array) error { return ThresholdLi(d, s, LiParams{Tolerance: -1}) }, img(1, 2), "tolerance must be >= 0"},
		{"li one finite value", func(d, s Array) error { return ThresholdLi(d, s, LiParams{}) }, img(1, 1, inf), "give a tolerance"},
		{"local even block", func(d, s Array) error {
			return ThresholdLocal(d, s, LocalThresholdParams{BlockSize: []int{4}, Method: "mean"})
		}, img(1, 2), "block_size must be odd"},
		{"local method", func(d, s Array) error {
			return ThresholdLocal(d, s, LocalThresholdParams{BlockSize: []int{3}, Method: "generic"})
		}, img(1, 2), "method must be gaussian, mean or median"},
		{"local NaN offset", func(d, s Array) error {
			return ThresholdLocal(d, s, LocalThresholdParams{BlockSize: []int{3}, Offset: math.NaN()})
		}, img(1, 2), "offset must be a number"},
		{"local mode", func(d, s Array) error {
			return ThresholdLocal(d, s, LocalThresholdParams{BlockSize: []int{3}, Mode: "edge"})
		}, img(1, 2), "mode must be one of"},
		{"sauvola even window", func(d, s Array) error { return ThresholdSauvola(d, s, SauvolaParams{WindowSize: []int{2}}) }, img(1, 2), "window_size must be odd"},
		{"niblack per-axis count", func(d, s Array) error { return ThresholdNiblack(d, s, NiblackParams{WindowSize: []int{3, 3, 3}}) }, img(1, 2), "want 1 or 2 values"},
		{"niblack huge window", func(d, s Array) error { return ThresholdNiblack(d, s, NiblackParams{WindowSize: []int{1<<20 - 1}}) }, img(1, 2), "use a smaller window"},
	} {
		err := c.run(out(c.src), c.src)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// Multi-Otsu: too few values, too many combinations.
	src := img(1, 1, 2, 2)
	dst := LabelArray{Shape: src.Shape, Data: make([]uint32, 4)}
	if err := ThresholdMultiotsu(dst, src, MultiOtsuParams{Classes: 3, Nbins: 256}); err == nil || !strings.Contains(err.Error(), "only 2 distinct") {
		t.Errorf("multiotsu with 2 values: %v", err)
	}
	if err := ThresholdMultiotsu(dst, src, MultiOtsuParams{Classes: 8, Nbins: 4096}); err == nil || !strings.Contains(err.Error(), "combinations") {
		t.Errorf("multiotsu with 8 classes over 4096 bins: %v", err)
	}
	if err := ThresholdMultiotsu(LabelArray{Shape: []int{2, 2}, Data: make([]uint32, 4)}, img(1, 2, 3, 4), MultiOtsuParams{Classes: 3, Nbins: 256}); err == nil {
		t.Error("multiotsu accepted a dst of another shape")
	}
}

// TestThresholdNaNSemantics checks the NaN rules that are not errors: Li ignores NaN,
// the mean of an image with NaN is NaN (so nothing is above it), and an image of NaN
// only has Li threshold NaN.
func TestThresholdNaNSemantics(t *testing.T) {
	nan := float32(math.NaN())
	src := Array{Shape: []int{1, 5}, Data: []float32{1, nan, 2, 10, 11}}
	dst := Array{Shape: src.Shape, Data: make([]float32, 5)}
	if err := ThresholdLi(dst, src, LiParams{}); err != nil {
		t.Fatal(err)
	}
	if want := []float32{0, 0, 0, 1, 1}; !slices.Equal(dst.Data, want) {
		t.Errorf("li with NaN: %v, want %v", dst.Data, want)
	}
	if err := ThresholdMean(dst, src); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dst.Data, make([]float32, 5)) {
		t.Errorf("mean with NaN: %v, want all 0", dst.Data)
	}
	all := Array{Shape: []int{1, 2}, Data: []float32{nan, nan}}
	if err := ThresholdLi(Array{Shape: all.Shape, Data: make([]float32, 2)}, all, LiParams{}); err != nil {
		t.Errorf("li of NaN only: %v", err)
	}
}

// TestSkHistogramConstant checks numpy's binning of a constant image: range [v-0.5,
// v+0.5], every pixel in the middle bin, centres from float32 edges.
func TestSkHistogramConstant(t *testing.T) {
	counts, centres, err := skHistogram([]float32{5, 5, 5}, 256)
	if err != nil {
		t.Fatal(err)
	}
	if counts[128] != 3 {
		t.Errorf("counts[128] = %d, want 3", counts[128])
	}
	if centres[0] != 4.501953125 {
		t.Errorf("first centre %v, want 4.501953125 (skimage's threshold_yen of a constant 5)", centres[0])
	}
}
