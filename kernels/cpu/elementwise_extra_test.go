package cpu_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// TestComparisonsIEEE checks comparisons and logical operations on the values numpy
// treats specially: NaN (false, except not equal), ±0 (equal), ±Inf.
func TestComparisonsIEEE(t *testing.T) {
	a := ewRow(1, ewNaN, 0, ewNeg0, ewInf, -ewInf, 2, ewNaN)
	b := ewRow(2, 1, ewNeg0, 0, ewInf, 0, 2, ewNaN)
	cases := []struct {
		name string
		fn   func(d, x, y cpu.Array) error
		want []float32
	}{
		{"greater", cpu.Greater, []float32{0, 0, 0, 0, 0, 0, 0, 0}},
		{"greater_equal", cpu.GreaterEqual, []float32{0, 0, 1, 1, 1, 0, 1, 0}},
		{"smaller", cpu.Smaller, []float32{1, 0, 0, 0, 0, 1, 0, 0}},
		{"smaller_equal", cpu.SmallerEqual, []float32{1, 0, 1, 1, 1, 1, 1, 0}},
		{"equal", cpu.Equal, []float32{0, 0, 1, 1, 1, 0, 1, 0}},
		{"not_equal", cpu.NotEqual, []float32{1, 1, 0, 0, 0, 1, 0, 1}},
		{"binary_and", cpu.BinaryAnd, []float32{1, 1, 0, 0, 1, 0, 1, 1}},
		{"binary_or", cpu.BinaryOr, []float32{1, 1, 0, 0, 1, 1, 1, 1}},
		{"binary_xor", cpu.BinaryXor, []float32{0, 0, 0, 0, 0, 1, 0, 0}},
		{"mask", cpu.Mask, []float32{1, ewNaN, 0, 0, ewInf, 0, 2, ewNaN}},
	}
	for _, c := range cases {
		d := ewRow(make([]float32, 8)...)
		if err := c.fn(d, a, b); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, w := range c.want {
			if !ewSame(d.Data[i], w) {
				t.Errorf("%s element %d (%v, %v): got %v, want %v", c.name, i, a.Data[i], b.Data[i], d.Data[i], w)
			}
		}
	}
	d := ewRow(make([]float32, 8)...)
	if err := cpu.BinaryNot(d, a); err != nil {
		t.Fatal(err)
	}
	for i, w := range []float32{0, 0, 1, 1, 0, 0, 0, 0} {
		if d.Data[i] != w {
			t.Errorf("binary_not(%v) = %v, want %v", a.Data[i], d.Data[i], w)
		}
	}
	// A scalar beyond the float32 range rounds to Inf before it is compared.
	if err := cpu.GreaterEqualConstant(d, a, cpu.CompareScalarParams{Scalar: 1e39}); err != nil {
		t.Fatal(err)
	}
	for i, w := range []float32{0, 0, 0, 0, 1, 0, 0, 0} {
		if d.Data[i] != w {
			t.Errorf("greater_equal_constant(%v, 1e39) = %v, want %v", a.Data[i], d.Data[i], w)
		}
	}
}

// TestArithmeticExtraIEEE checks clip, nan_to_num, undefined_to_zero, sign and the
// unfused weighted sum where numpy's rules matter.
func TestArithmeticExtraIEEE(t *testing.T) {
	x := ewRow(ewNaN, ewInf, -ewInf, ewNeg0, -3, 0.5, 7)
	d := ewRow(make([]float32, 7)...)
	check := func(name string, want []float32) {
		t.Helper()
		for i, w := range want {
			if !ewSame(d.Data[i], w) {
				t.Errorf("%s(%v) = %v, want %v", name, x.Data[i], d.Data[i], w)
			}
		}
	}
	if err := cpu.Clip(d, x, cpu.ClipParams{AMin: 0, AMax: 1}); err != nil {
		t.Fatal(err)
	}
	check("clip", []float32{ewNaN, 1, 0, 0, 0, 0.5, 1})
	if err := cpu.Clip(d, x, cpu.ClipParams{AMin: 2, AMax: 1}); err != nil {
		t.Fatal(err)
	}
	check("clip reversed", []float32{ewNaN, 1, 1, 1, 1, 1, 1})
	if err := cpu.NanToNum(d, x, cpu.NanToNumParams{Nan: 9, Posinf: 1e39, Neginf: -4}); err != nil {
		t.Fatal(err)
	}
	check("nan_to_num", []float32{9, ewInf, -4, 0, -3, 0.5, 7})
	if err := cpu.UndefinedToZero(d, x); err != nil {
		t.Fatal(err)
	}
	check("undefined_to_zero", []float32{0, 0, 0, 0, -3, 0.5, 7})
	if err := cpu.Sign(d, x); err != nil {
		t.Fatal(err)
	}
	check("sign", []float32{ewNaN, 1, -1, 0, -1, 1, 1})
	if err := cpu.Reciprocal(d, x); err != nil {
		t.Fatal(err)
	}
	check("reciprocal", []float32{ewNaN, 0, 0, -ewInf, float32(1) / -3, 2, float32(1) / 7})

	// 0.1*a + 0.2*b with each product rounded: a fused multiply-add would round once.
	a, b := ewRow(3, 1e-8), ewRow(7, 1)
	w := ewRow(0, 0)
	if err := cpu.AddImagesWeighted(w, a, b, cpu.WeightedParams{Factor1: 0.1, Factor2: 0.2}); err != nil {
		t.Fatal(err)
	}
	f1, f2 := float32(0.1), float32(0.2)
	for i := range 2 {
		p, q := f1*a.Data[i], f2*b.Data[i]
		if want := p + q; w.Data[i] != want {
			t.Errorf("add_images_weighted element %d: got %v, want %v", i, w.Data[i], want)
		}
	}
}

func TestElementwiseExtraErrors(t *testing.T) {
	x := cpu.Array{Shape: []int{2, 3}, Data: make([]float32, 6)}
	y := cpu.Array{Shape: []int{3, 2}, Data: make([]float32, 6)}
	d := cpu.Array{Shape: []int{2, 3}, Data: make([]float32, 6)}
	if err := cpu.Greater(d, x, y); err == nil || !strings.HasPrefix(err.Error(), "greater:") {
		t.Errorf("greater with mismatched shapes: got %v", err)
	}
	labels := cpu.LabelArray{Shape: []int{2, 3}, Data: make([]uint32, 6)}
	for _, l := range []int{-1, math.MaxUint32 + 1} {
		if err := cpu.MaskLabel(d, x, labels, cpu.MaskLabelParams{Label: l}); err == nil ||
			!strings.Contains(err.Error(), "label must be in") {
			t.Errorf("mask_label with label %d: got %v", l, err)
		}
	}
	short := cpu.LabelArray{Shape: []int{2, 3}, Data: make([]uint32, 5)}
	if err := cpu.MaskLabel(d, x, short, cpu.MaskLabelParams{Label: 1}); err == nil {
		t.Error("mask_label with a short label image: no error")
	}
}

func TestMedianZProjectionEven(t *testing.T) {
	// Two slices: the mean of both, rounded to float32; NaN anywhere gives NaN.
	v := cpu.Volume{Shape: []int{2, 1, 3}, Data: []float32{1, ewNaN, 16777216, 2, 5, 1}}
	d := cpu.Plane{Shape: []int{1, 3}, Data: make([]float32, 3)}
	if err := cpu.MedianZProjection(d, v); err != nil {
		t.Fatal(err)
	}
	for i, w := range []float32{1.5, ewNaN, (16777216 + 1) / 2} {
		if !ewSame(d.Data[i], w) {
			t.Errorf("pixel %d: got %v, want %v", i, d.Data[i], w)
		}
	}
}

func TestExtendedDepthOfFocusErrors(t *testing.T) {
	v := cpu.Volume{Shape: []int{2, 3, 3}, Data: make([]float32, 18)}
	d := cpu.Plane{Shape: []int{3, 3}, Data: make([]float32, 9)}
	for _, p := range []cpu.EDFParams{{Radius: -1}, {Radius: 1025}, {Sigma: math.NaN()}, {Sigma: -1},
		{Sigma: math.Inf(1)}, {Sigma: 1e9}} {
		if err := cpu.ExtendedDepthOfFocus(d, v, p); err == nil || !strings.HasPrefix(err.Error(), "extended_depth_of_focus:") {
			t.Errorf("%+v: got %v", p, err)
		}
	}
	// The sharper slice wins: slice 1 has all the variance.
	v.Data[9+4] = 10
	if err := cpu.ExtendedDepthOfFocus(d, v, cpu.EDFParams{Radius: 1}); err != nil {
		t.Fatal(err)
	}
	if d.Data[4] != 10 {
		t.Errorf("centre pixel: got %v, want 10", d.Data[4])
	}
}
