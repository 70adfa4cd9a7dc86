package opencl_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// TestNonFinite: the GPU uniform_filter sums each window afresh where the CPU runs
// scipy's running sum, and the GPU fft_convolve sums directly where the CPU convolves by
// FFT. They must agree where infinities and NaNs enter and leave windows (a +inf and a
// -inf meeting, values at both ends, inside the mode's extension), for even and odd
// sizes, sizes longer than the line, every mode, and along either axis; and where the
// only non-finite value is a constant mode's cval, on a finite plane and volume (the
// later passes of a filter look for non-finite values only when the first found one).
func TestNonFinite(t *testing.T) {
	needDevice(t)
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	lines := [][]float32{
		{1, 2, inf, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
		{inf, 1, 2, 3, -inf, 4, 5, 6, 7, 8, 9, 10, 11},
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, nan},
		{1, 2, 3, 4, inf, 6, inf, 8, 9, 10, 11, 12, 13},
		{nan, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
	}
	data := make([]float32, 0, 13*len(lines))
	for _, l := range lines {
		data = append(data, l...)
	}
	type run struct {
		op string
		v  registry.Values
	}
	var runs []run
	for _, mode := range []string{"reflect", "constant", "nearest", "mirror", "wrap"} {
		for _, size := range []int{1, 2, 3, 4, 5, 8, 9, 12, 17} {
			for _, cval := range []float64{0, math.Inf(-1)} {
				runs = append(runs, run{"uniform_filter", registry.Values{"size": []int{size}, "mode": mode, "cval": cval}})
			}
		}
	}
	for _, sigma := range [][]float64{{1}, {0, 2}, {3, 0}, {0.5, 7}} {
		runs = append(runs, run{"fft_convolve", registry.Values{"sigma": sigma}})
	}
	for _, shape := range []registry.Shape{{6, 13}, {13, 6}} {
		img, err := registry.NewFloat32(shape, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			compareWithCPU(t, fmt.Sprintf("%s %v %v", r.op, shape, r.v), r.op, img, r.v)
		}
	}
	finite := make([]float32, 5*6*13)
	for i := range finite {
		finite[i] = float32(i%7) - 2.5
	}
	for _, shape := range []registry.Shape{{6, 13}, {5, 6, 13}} {
		img, err := registry.NewFloat32(shape, finite[:shape.Len()])
		if err != nil {
			t.Fatal(err)
		}
		for _, cval := range []float64{math.Inf(-1), math.NaN()} {
			for _, size := range []int{3, 4} {
				v := registry.Values{"size": []int{size}, "mode": "constant", "cval": cval}
				compareWithCPU(t, fmt.Sprintf("uniform_filter finite %v %v", shape, v), "uniform_filter", img, v)
			}
		}
	}
}
