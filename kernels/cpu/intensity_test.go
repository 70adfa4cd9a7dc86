package cpu_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// TestIntensityErrors checks the refusals skimage makes (negative images for the
// corrections, non-finite histogram ranges) and bad parameters.
func TestIntensityErrors(t *testing.T) {
	img := trImage([]int{6, 7}, 9)
	neg := trImage([]int{6, 7}, 9)
	neg.Data[5] = -0.25
	nan := trImage([]int{6, 7}, 9)
	nan.Data[3] = float32(math.NaN())
	inf := trImage([]int{6, 7}, 9)
	inf.Data[3] = float32(math.Inf(1))
	dst := trAlloc(img.Shape)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"gamma negative image", cpu.AdjustGamma(dst, neg, cpu.AdjustGammaParams{Gamma: 1, Gain: 1}), "negative value (-0.25 at index 5)"},
		{"gamma negative gamma", cpu.AdjustGamma(dst, img, cpu.AdjustGammaParams{Gamma: -1, Gain: 1}), "gamma must be a non-negative number"},
		{"log negative image", cpu.AdjustLog(dst, neg, cpu.AdjustLogParams{Gain: 1}), "negative value"},
		{"sigmoid negative image", cpu.AdjustSigmoid(dst, neg, cpu.AdjustSigmoidParams{Cutoff: 0.5, Gain: 10}), "negative value"},
		{"equalize_hist NaN", cpu.EqualizeHist(dst, nan, cpu.EqualizeHistParams{Nbins: 256}), "is not finite"},
		{"equalize_hist inf", cpu.EqualizeHist(dst, inf, cpu.EqualizeHistParams{Nbins: 256}), "is not finite"},
		{"equalize_hist nbins", cpu.EqualizeHist(dst, img, cpu.EqualizeHistParams{Nbins: 0}), "nbins must be in"},
		{"clahe NaN", cpu.EqualizeAdapthist(dst, nan, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 256}), "has NaN"},
		{"clahe kernel", cpu.EqualizeAdapthist(dst, img, cpu.EqualizeAdapthistParams{KernelSize: []int{-2}, ClipLimit: 0.01, Nbins: 256}), "kernel_size must be in"},
		{"clahe kernel count", cpu.EqualizeAdapthist(dst, img, cpu.EqualizeAdapthistParams{KernelSize: []int{1, 2, 3}, ClipLimit: 0.01, Nbins: 256}), "want 1 or 2 values"},
		{"clahe clip", cpu.EqualizeAdapthist(dst, img, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: math.NaN(), Nbins: 256}), "clip_limit must be"},
		{"clahe huge kernel", cpu.EqualizeAdapthist(dst, img, cpu.EqualizeAdapthistParams{KernelSize: []int{1 << 20}, ClipLimit: 0.01, Nbins: 256}), "too many for a [6 7] image"},
		{"clahe nbins", cpu.EqualizeAdapthist(dst, img, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 0}), "nbins must be in"},
		{"match NaN", cpu.MatchHistograms(dst, img, nan), "has NaN"},
		{"match shape", cpu.MatchHistograms(dst, img, trImage([]int{7, 6}, 1)), "does not match"},
		{"rescale in_range", cpu.RescaleIntensity(dst, img, cpu.RescaleIntensityParams{InRange: "0;1", OutRange: "dtype"}), `in_range must be "image"`},
		{"rescale out_range", cpu.RescaleIntensity(dst, img, cpu.RescaleIntensityParams{InRange: "image", OutRange: "uint9"}), `out_range must be`},
	}
	for _, tc := range tests {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, tc.err, tc.want)
		}
	}
}

// TestEqualizeAdapthistDefaultKernel: kernel_size 0 means max(n/8, 1) per axis, and an
// image outside [-1, 1] is equalized as its [0, 1] rescaling.
func TestEqualizeAdapthistDefaultKernel(t *testing.T) {
	img := trImage([]int{3, 40, 33}, 10)
	a, b := trAlloc(img.Shape), trAlloc(img.Shape)
	if err := cpu.EqualizeAdapthist(a, img, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 256}); err != nil {
		t.Fatal(err)
	}
	if err := cpu.EqualizeAdapthist(b, img, cpu.EqualizeAdapthistParams{KernelSize: []int{1, 5, 4}, ClipLimit: 0.01, Nbins: 256}); err != nil {
		t.Fatal(err)
	}
	scaled := trAlloc(img.Shape)
	for i, v := range img.Data {
		scaled.Data[i] = v*300 - 20
	}
	c, unit, d := trAlloc(img.Shape), trAlloc(img.Shape), trAlloc(img.Shape)
	if err := cpu.EqualizeAdapthist(c, scaled, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 256}); err != nil {
		t.Fatal(err)
	}
	if err := cpu.RescaleIntensity(unit, scaled, cpu.RescaleIntensityParams{InRange: "image", OutRange: "0,1"}); err != nil {
		t.Fatal(err)
	}
	if err := cpu.EqualizeAdapthist(d, unit, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 256}); err != nil {
		t.Fatal(err)
	}
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatalf("element %d: %v with the default kernel, %v with (1, 5, 4)", i, a.Data[i], b.Data[i])
		}
		if c.Data[i] != d.Data[i] {
			t.Fatalf("element %d: %v for the image in [-20, 280], %v for it rescaled to [0, 1]", i, c.Data[i], d.Data[i])
		}
	}
}
