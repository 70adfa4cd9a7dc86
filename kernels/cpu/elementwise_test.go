package cpu_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	ewInf  = float32(math.Inf(1))
	ewNaN  = float32(math.NaN())
	ewNeg0 = float32(math.Copysign(0, -1)) // the constant -0.0 is +0 in Go
)

// ewSame reports whether got equals want bit for bit up to NaN payloads (and -0 == +0).
func ewSame(got, want float32) bool {
	if want != want {
		return got != got
	}
	return got == want
}

func ewRow(v ...float32) cpu.Array { return cpu.Array{Shape: []int{1, len(v)}, Data: v} }

// TestElementwiseIEEE checks the cases numpy defines that the shared inputs cannot reach:
// division by zero, NaN in one operand only, infinities.
func TestElementwiseIEEE(t *testing.T) {
	a := ewRow(1, -1, 0, ewNaN, 2, ewInf, -ewInf, 3)
	b := ewRow(0, 0, 0, 1, ewNaN, ewInf, 5, ewNeg0)
	tests := []struct {
		name string
		fn   func(dst, x, y cpu.Array) error
		want []float32
	}{
		{"divide", cpu.DivideImages, []float32{ewInf, -ewInf, ewNaN, ewNaN, ewNaN, ewNaN, -ewInf, -ewInf}},
		{"add", cpu.AddImages, []float32{1, -1, 0, ewNaN, ewNaN, ewInf, -ewInf, 3}},
		{"subtract", cpu.SubtractImages, []float32{1, -1, 0, ewNaN, ewNaN, ewNaN, -ewInf, 3}},
		{"multiply", cpu.MultiplyImages, []float32{0, 0, 0, ewNaN, ewNaN, ewInf, -ewInf, 0}},
		{"maximum", cpu.MaximumImages, []float32{1, 0, 0, ewNaN, ewNaN, ewInf, 5, 3}},
		{"minimum", cpu.MinimumImages, []float32{0, -1, 0, ewNaN, ewNaN, ewInf, -ewInf, 0}},
	}
	for _, tc := range tests {
		dst := ewRow(make([]float32, 8)...)
		if err := tc.fn(dst, a, b); err != nil {
			t.Fatal(err)
		}
		for i, w := range tc.want {
			if !ewSame(dst.Data[i], w) {
				t.Errorf("%s(%v, %v) = %v, want %v", tc.name, a.Data[i], b.Data[i], dst.Data[i], w)
			}
		}
	}
}

func TestUnaryIEEE(t *testing.T) {
	x := ewRow(-4, ewNeg0, 0, 1, ewInf, -ewInf, ewNaN, 0.25)
	tests := []struct {
		name string
		fn   func(dst, x cpu.Array) error
		want []float32
	}{
		{"absolute", cpu.Absolute, []float32{4, 0, 0, 1, ewInf, ewInf, ewNaN, 0.25}},
		{"square_root", cpu.SquareRoot, []float32{ewNaN, 0, 0, 1, ewInf, ewNaN, ewNaN, 0.5}},
		{"logarithm", cpu.Logarithm, []float32{ewNaN, -ewInf, -ewInf, 0, ewInf, ewNaN, ewNaN, float32(math.Log(0.25))}},
		{"exponential", cpu.Exponential, []float32{float32(math.Exp(-4)), 1, 1, float32(math.E), ewInf, 0, ewNaN, float32(math.Exp(0.25))}},
		{"power_-1", func(d, x cpu.Array) error { return cpu.Power(d, x, cpu.PowerParams{Exponent: -1}) },
			[]float32{-0.25, -ewInf, ewInf, 1, 0, 0, ewNaN, 4}},
		{"power_0.5", func(d, x cpu.Array) error { return cpu.Power(d, x, cpu.PowerParams{Exponent: 0.5}) },
			[]float32{ewNaN, 0, 0, 1, ewInf, ewInf, ewNaN, 0.5}},
		{"power_0", func(d, x cpu.Array) error { return cpu.Power(d, x, cpu.PowerParams{Exponent: 0}) },
			[]float32{1, 1, 1, 1, 1, 1, 1, 1}},
		{"power_2", func(d, x cpu.Array) error { return cpu.Power(d, x, cpu.PowerParams{Exponent: 2}) },
			[]float32{16, 0, 0, 1, ewInf, ewInf, ewNaN, 0.0625}},
		{"invert", func(d, x cpu.Array) error { return cpu.Invert(d, x, cpu.InvertParams{}) },
			[]float32{5, 1, 1, 0, -ewInf, ewInf, ewNaN, 0.75}},
		{"invert_signed", func(d, x cpu.Array) error { return cpu.Invert(d, x, cpu.InvertParams{SignedFloat: true}) },
			[]float32{4, 0, 0, -1, -ewInf, ewInf, ewNaN, -0.25}},
		{"add_scalar", func(d, x cpu.Array) error { return cpu.AddImageAndScalar(d, x, cpu.AddScalarParams{Scalar: 0.1}) },
			[]float32{-4 + 0.1, 0.1, 0.1, 1 + 0.1, ewInf, -ewInf, ewNaN, 0.25 + float32(0.1)}},
		{"multiply_scalar", func(d, x cpu.Array) error {
			return cpu.MultiplyImageAndScalar(d, x, cpu.MultiplyScalarParams{Scalar: 0})
		}, []float32{0, 0, 0, 0, ewNaN, ewNaN, ewNaN, 0}},
	}
	for _, tc := range tests {
		dst := ewRow(make([]float32, len(x.Data))...)
		if err := tc.fn(dst, x); err != nil {
			t.Fatal(err)
		}
		for i, w := range tc.want {
			if !ewSame(dst.Data[i], w) {
				t.Errorf("%s(%v) = %v, want %v", tc.name, x.Data[i], dst.Data[i], w)
			}
		}
	}
	// |-0| is +0, not -0.
	dst := ewRow(1)
	cpu.Absolute(dst, ewRow(ewNeg0))
	if math.Signbit(float64(dst.Data[0])) {
		t.Errorf("absolute(-0) = -0, want +0")
	}
}

// TestElementwiseLarge runs a size that is split over goroutines, in place.
func TestElementwiseLarge(t *testing.T) {
	x := cpu.Array{Shape: []int{3, 255, 257}, Data: make([]float32, 3*255*257)}
	for i := range x.Data {
		x.Data[i] = float32(i%1000) - 500
	}
	y := cpu.Array{Shape: x.Shape, Data: append([]float32(nil), x.Data...)}
	if err := cpu.MultiplyImages(y, y, x); err != nil { // dst aliases image1
		t.Fatal(err)
	}
	for i, v := range x.Data {
		if y.Data[i] != v*v {
			t.Fatalf("element %d: %v, want %v", i, y.Data[i], v*v)
		}
	}
}

func TestElementwiseShapeErrors(t *testing.T) {
	a := cpu.Array{Shape: []int{2, 3}, Data: make([]float32, 6)}
	b := cpu.Array{Shape: []int{3, 2}, Data: make([]float32, 6)}
	short := cpu.Array{Shape: []int{2, 3}, Data: make([]float32, 5)}
	for _, err := range []error{
		cpu.AddImages(a, a, b),
		cpu.AddImages(b, a, a),
		cpu.DivideImages(a, a, short),
		cpu.Absolute(a, short),
		cpu.Power(short, a, cpu.PowerParams{Exponent: 2}),
		cpu.Absolute(cpu.Array{Shape: []int{6}, Data: make([]float32, 6)}, cpu.Array{Shape: []int{6}, Data: make([]float32, 6)}),
	} {
		if err == nil {
			t.Error("mismatched shapes accepted")
		} else if !strings.Contains(err.Error(), ":") {
			t.Errorf("error %q does not name the operation", err)
		}
	}
}
