package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// Test functions live in library "t" (registered once for the package's tests).
var (
	sliceCalls atomic.Int32
	testParams = []Param{
		{Name: "sigma", Type: FloatParam, Default: "1", Min: Bound(0), Doc: "width"},
		{Name: "mode", Type: StringParam, Default: "reflect", Enum: []string{"reflect", "wrap"}, Doc: "edges"},
		{Name: "size", Type: IntsParam, Default: "3", Min: Bound(1), Doc: "box"},
		{Name: "flag", Type: BoolParam, Default: "false", Doc: "a flag"},
		{Name: "count", Type: IntParam, Default: "2", Min: Bound(1), Max: Bound(10), Doc: "n"},
		{Name: "w", Type: FloatsParam, Default: "0.5,1.5", Doc: "weights"},
		{Name: "scale", Type: FloatParam, Doc: "required"},
	}
)

// addKernel adds float(z) to every element of its (contract-shaped) input and records
// the rank it saw.
func addKernel(seen *atomic.Int32) Binder {
	return func(v Values) (Kernel, error) {
		return func(_ context.Context, dst *Array, srcs []*Array) error {
			seen.Store(int32(srcs[0].Ndim()*10 + dst.Ndim()))
			sliceCalls.Add(1)
			d, _ := dst.Float32s()
			s, _ := srcs[0].Float32s()
			if dst.Ndim() == srcs[0].Ndim() {
				for i := range d {
					d[i] = s[i] + 1
				}
				return nil
			}
			// projection: dst is one plane of the volume
			for i := range d {
				for z := 0; z < len(s)/len(d); z++ {
					d[i] += s[z*len(d)+i]
				}
			}
			return nil
		}, nil
	}
}

var ranks atomic.Int32

// everyOther keeps every other column of a plane: a shape-changing PURE_2D function.
func everyOther(Values) (Kernel, error) {
	return func(_ context.Context, dst *Array, srcs []*Array) error {
		d, _ := dst.Float32s()
		s, _ := srcs[0].Float32s()
		sh, dsh := srcs[0].Shape(), dst.Shape()
		for y := 0; y < sh[0]; y++ {
			for x := 0; x < dsh[1]; x++ {
				d[y*dsh[1]+x] = s[y*sh[1]+2*x]
			}
		}
		return nil
	}, nil
}

func everyOtherShape(_ Values, in Shape) (Shape, error) {
	if in[1] < 2 {
		return nil, fmt.Errorf("needs at least 2 columns, got %d", in[1])
	}
	return Shape{in[0], in[1] / 2}, nil
}

func TestErrorsNameTheFunctionOnce(t *testing.T) {
	_, err := Call(context.Background(), "t:fails", ramp(2, 1, 1), nil)
	if want := "fails: slice 1: slice starts at nonzero"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestOutShape(t *testing.T) {
	ctx := context.Background()
	out, err := Call(ctx, "t:everyother", ramp(3, 2, 5), nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := out.Float32s()
	if out.Shape().String() != "3x2x2" || d[0] != 0 || d[1] != 2 || d[2] != 5 || d[4] != 10 || d[11] != 27 {
		t.Errorf("everyother of 3x2x5 = %v %v", out.Shape(), d)
	}
	for _, tc := range []struct{ name, want string }{
		{"t:everyother", "everyother: needs at least 2 columns, got 1"},
		{"t:badshape", "badshape: output shape 3 for input 3x1 is not 2D as the FLEXIBLE contract requires"},
		{"t:huge", ""},
	} {
		_, err := Call(ctx, tc.name, ramp(3, 1), nil)
		if tc.name == "t:huge" {
			if err == nil || !strings.Contains(err.Error(), "MaxElements") {
				t.Errorf("huge output: %v, want a MaxElements error", err)
			}
			continue
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func init() {
	RegisterBackend(Backend{Name: "t", Memory: Host})
	Register(
		Function{Name: "p2", Library: "t", Contract: Pure2D, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32, Bind: addKernel(&ranks), Tags: []string{"a"}},
		Function{Name: "p3", Library: "t", Contract: Pure3D, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32, Bind: addKernel(&ranks)},
		Function{Name: "flex", Library: "t", Contract: Flexible, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32, Bind: addKernel(&ranks), Tags: []string{"a", "b"}},
		Function{Name: "proj", Library: "t", Contract: VolumetricToSlice, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32, Bind: addKernel(&ranks)},
		Function{Name: "two", Library: "t", Contract: Flexible, Memory: Host, Inputs: []Input{{"a", Float32}, {"b", Uint32}}, Output: Float32, Bind: addKernel(&ranks)},
		Function{Name: "params", Library: "t", Contract: Flexible, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32, Params: testParams,
			Bind: func(v Values) (Kernel, error) {
				fn, _ := Lookup("t:params")
				if _, err := v.Float(&fn.Params[0]); err != nil {
					return nil, err
				}
				return nil, nil
			}},
		Function{Name: "everyother", Library: "t", Contract: Pure2D, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32,
			Bind: everyOther, OutShape: everyOtherShape},
		Function{Name: "badshape", Library: "t", Contract: Flexible, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32,
			Bind: everyOther, OutShape: func(_ Values, in Shape) (Shape, error) { return Shape{in[0]}, nil }},
		Function{Name: "huge", Library: "t", Contract: Flexible, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32,
			Bind: everyOther, OutShape: func(_ Values, in Shape) (Shape, error) { return Shape{1 << 20, 1 << 20}, nil }},
		Function{Name: "fails", Library: "t", Contract: Pure2D, Memory: Host, Inputs: []Input{{"image", Float32}}, Output: Float32,
			Bind: func(Values) (Kernel, error) {
				return func(_ context.Context, _ *Array, srcs []*Array) error {
					if s, _ := srcs[0].Float32s(); s[0] > 0 {
						return errors.New("fails: slice starts at nonzero")
					}
					return nil
				}, nil
			}},
		Function{Name: "gpuonly", Library: "opencl", Contract: Flexible, Memory: OpenCL, Inputs: []Input{{"image", Float32}}, Output: Float32, Bind: addKernel(&ranks)},
	)
}

func ramp(shape ...int) *Array {
	n := Shape(shape).Len()
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(i)
	}
	a, err := NewFloat32(shape, d)
	if err != nil {
		panic(err)
	}
	return a
}

func TestContracts(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		in       []int
		slices   bool
		outShape string
		ranks    int32 // src rank*10 + dst rank the kernel saw
		calls    int32
	}{
		{"t:p2", []int{4, 5}, false, "4x5", 22, 1},
		{"t:p2", []int{3, 4, 5}, false, "3x4x5", 22, 3},
		{"t:p3", []int{4, 5}, false, "4x5", 33, 1},
		{"t:p3", []int{3, 4, 5}, false, "3x4x5", 33, 1},
		{"t:flex", []int{4, 5}, false, "4x5", 22, 1},
		{"t:flex", []int{3, 4, 5}, false, "3x4x5", 33, 1},
		{"t:flex", []int{3, 4, 5}, true, "3x4x5", 22, 3},
		{"t:proj", []int{4, 5}, false, "4x5", 32, 1},
		{"t:proj", []int{3, 4, 5}, false, "4x5", 32, 1},
	} {
		t.Run(fmt.Sprintf("%s_%v_%v", tc.name, tc.in, tc.slices), func(t *testing.T) {
			sliceCalls.Store(0)
			in := ramp(tc.in...)
			out, err := Call(ctx, tc.name, in, nil, SliceBySlice(tc.slices))
			if err != nil {
				t.Fatal(err)
			}
			if got := out.Shape().String(); got != tc.outShape {
				t.Errorf("output shape %s, want %s", got, tc.outShape)
			}
			if ranks.Load() != tc.ranks || sliceCalls.Load() != tc.calls {
				t.Errorf("kernel saw ranks %d in %d calls, want %d in %d", ranks.Load(), sliceCalls.Load(), tc.ranks, tc.calls)
			}
			d, _ := out.Float32s()
			src, _ := in.Float32s()
			if tc.name != "t:proj" {
				for i := range d {
					if d[i] != src[i]+1 {
						t.Fatalf("element %d = %v, want %v (slices written to the wrong place?)", i, d[i], src[i]+1)
					}
				}
			} else if len(tc.in) == 2 && d[7] != src[7] {
				t.Errorf("projection of a plane changed it: %v != %v", d[7], src[7])
			}
		})
	}
}

func TestCheckInputs(t *testing.T) {
	ctx := context.Background()
	lab, _ := NewUint32([]int{4, 5}, make([]uint32, 20))
	for _, tc := range []struct {
		name string
		ins  []*Array
		opts []Option
		want string
	}{
		{"t:p2", []*Array{lab}, nil, "p2: input image must be float32, got uint32 4x5 (host)"},
		{"t:two", []*Array{ramp(4, 5)}, nil, "two: takes 2 image input(s), got 1"},
		{"t:two", []*Array{ramp(4, 5), lab}, nil, ""},
		{"t:two", []*Array{ramp(4, 6), lab}, nil, "two: input b has shape 4x5, expected the shape of a, 4x6"},
		{"t:p3", []*Array{ramp(2, 4, 5)}, []Option{SliceBySlice(true)}, "p3: slice_by_slice does not apply to a PURE_3D function"},
		{"t:p2", []*Array{nil}, nil, "p2: input image is nil"},
		{"opencl:gpuonly", []*Array{ramp(4, 5)}, nil, "gpuonly: backend opencl is not part of this build of kernreg"},
	} {
		_, err := CallN(ctx, tc.name, tc.ins, nil, tc.opts...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestValues(t *testing.T) {
	p := func(name string) *Param {
		for i := range testParams {
			if testParams[i].Name == name {
				return &testParams[i]
			}
		}
		t.Fatalf("no param %s", name)
		return nil
	}
	v := Values{"sigma": "2.5", "mode": "wrap", "size": "3,5", "flag": true, "count": 4.0, "w": []any{1.0, 2}}
	if f, err := v.Float(p("sigma")); f != 2.5 || err != nil {
		t.Errorf("sigma: %v %v", f, err)
	}
	if s, err := v.String(p("mode")); s != "wrap" || err != nil {
		t.Errorf("mode: %v %v", s, err)
	}
	if s, err := v.Ints(p("size")); fmt.Sprint(s) != "[3 5]" || err != nil {
		t.Errorf("size: %v %v", s, err)
	}
	if b, err := v.Bool(p("flag")); !b || err != nil {
		t.Errorf("flag: %v %v", b, err)
	}
	if n, err := v.Int(p("count")); n != 4 || err != nil {
		t.Errorf("count: %v %v", n, err)
	}
	if w, err := v.Floats(p("w")); fmt.Sprint(w) != "[1 2]" || err != nil {
		t.Errorf("w: %v %v", w, err)
	}
	// Defaults, including the zero values that mean "default".
	d := Values{"mode": "", "w": []float64(nil)}
	if f, _ := d.Float(p("sigma")); f != 1 {
		t.Errorf("default sigma %v", f)
	}
	if s, _ := d.String(p("mode")); s != "reflect" {
		t.Errorf("default mode %q", s)
	}
	if w, _ := d.Floats(p("w")); fmt.Sprint(w) != "[0.5 1.5]" {
		t.Errorf("default w %v", w)
	}
	for _, tc := range []struct {
		v    Values
		get  func(Values) error
		want string
	}{
		{Values{"sigma": "-1"}, func(v Values) error { _, err := v.Float(p("sigma")); return err }, "sigma must be >= 0, got -1"},
		{Values{"sigma": "abc"}, func(v Values) error { _, err := v.Float(p("sigma")); return err }, `sigma: want a number, got "abc"`},
		{Values{"mode": "wrapp"}, func(v Values) error { _, err := v.String(p("mode")); return err }, `mode must be one of reflect, wrap, got "wrapp" (did you mean "wrap"?)`},
		{Values{"count": 11}, func(v Values) error { _, err := v.Int(p("count")); return err }, "count must be <= 10, got 11"},
		{Values{"count": 2.5}, func(v Values) error { _, err := v.Int(p("count")); return err }, "count: want an integer, got 2.5"},
		{Values{"size": "3,0"}, func(v Values) error { _, err := v.Ints(p("size")); return err }, "size must be >= 1, got 0"},
		{Values{"flag": "maybe"}, func(v Values) error { _, err := v.Bool(p("flag")); return err }, `flag: want true or false, got "maybe"`},
		{Values{}, func(v Values) error { _, err := v.Float(p("scale")); return err }, "missing required parameter scale (float)"},
	} {
		if err := tc.get(tc.v); err == nil || err.Error() != tc.want {
			t.Errorf("%v: got %v, want %q", tc.v, err, tc.want)
		}
	}
}

func TestCallParamErrors(t *testing.T) {
	_, err := Call(context.Background(), "t:params", ramp(3, 3), Values{"sigmaa": 1})
	if err == nil || !strings.Contains(err.Error(), `params: unknown parameter "sigmaa" (did you mean "sigma"?`) {
		t.Errorf("unknown parameter: %v", err)
	}
	_, err = Call(context.Background(), "t:params", ramp(3, 3), Values{"sigma": -2})
	if err == nil || err.Error() != "params: sigma must be >= 0, got -2" {
		t.Errorf("bad value: %v", err)
	}
	_, err = Call(context.Background(), "t:p2", ramp(3, 3), Values{"x": 1})
	if err == nil || !strings.Contains(err.Error(), "p2 takes no parameters") {
		t.Errorf("params on a function without any: %v", err)
	}
}

func TestLookup(t *testing.T) {
	if f, err := Lookup("t:flex"); err != nil || f.Key() != "t:flex" {
		t.Fatalf("Lookup key: %v %v", f, err)
	}
	if f, err := Lookup("flex"); err != nil || f.Library != "t" {
		t.Fatalf("Lookup bare name: %v %v", f, err)
	}
	_, err := Lookup("flx")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "did you mean flex?") {
		t.Errorf("typo: %v", err)
	}
	_, err = Lookup("cpu:flex")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "registered: t:flex") {
		t.Errorf("wrong library: %v", err)
	}
	// gpuonly exists only for opencl, which is not part of this build.
	_, err = Lookup("gpuonly")
	if err == nil || !strings.Contains(err.Error(), "backend opencl is not part of this build") {
		t.Errorf("unavailable backend: %v", err)
	}
	_, err = Resolve("flex", "cuda")
	if err == nil || !strings.Contains(err.Error(), "backend cuda is not part of this build") {
		t.Errorf("backend cuda: %v", err)
	}
	_, err = Resolve("flex", "tpu")
	if err == nil || !strings.Contains(err.Error(), `unknown backend "tpu"`) {
		t.Errorf("unknown backend: %v", err)
	}
	if fs := Functions(Filter{Library: "t", Tag: "a"}); len(fs) != 2 || fs[0].Key() != "t:flex" || fs[1].Key() != "t:p2" {
		t.Errorf("filter by tag: %v", fs)
	}
	if fs := Functions(Filter{Contract: VolumetricToSlice}); len(fs) != 1 || fs[0].Name != "proj" {
		t.Errorf("filter by contract: %v", fs)
	}
}

func TestRegisterPanics(t *testing.T) {
	for _, tc := range []struct {
		f    Function
		want string
	}{
		{Function{Name: "flex", Library: "t", Contract: Flexible, Inputs: []Input{{"a", Float32}}, Output: Float32, Bind: addKernel(&ranks)}, "registry: Register called twice for t:flex"},
		{Function{Name: "nobind", Library: "t", Contract: Flexible, Inputs: []Input{{"a", Float32}}, Output: Float32}, "registry: Register: t:nobind: no Bind function"},
		{Function{Name: "a:b", Library: "t", Contract: Flexible, Inputs: []Input{{"a", Float32}}, Output: Float32, Bind: addKernel(&ranks)}, "may not contain ':'"},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("Register(%s): panic %v, want %q", tc.f.Name, r, tc.want)
				}
			}()
			Register(tc.f)
		}()
	}
}

func TestArrayViews(t *testing.T) {
	v := ramp(3, 2, 2)
	s, err := v.Slice(1)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Float32s()
	if fmt.Sprint(d) != "[4 5 6 7]" || s.Shape().String() != "2x2" {
		t.Errorf("slice 1: %v %v", d, s.Shape())
	}
	if _, err := v.Slice(3); err == nil {
		t.Error("slice out of range accepted")
	}
	if _, err := v.AsPlane(); err == nil {
		t.Error("AsPlane of a 3-slice volume accepted")
	}
	if _, err := NewFloat32([]int{2, 3}, make([]float32, 5)); err == nil {
		t.Error("wrong data length accepted")
	}
	if _, err := NewFloat32([]int{2, 3, 4, 5}, make([]float32, 120)); err == nil {
		t.Error("4D accepted")
	}
	u, _ := NewUint32([]int{1, 2}, []uint32{3, 1 << 25})
	if _, err := ConvertDType(u, Float32); err == nil {
		t.Error("inexact uint32->float32 accepted")
	}
	f, _ := NewFloat32([]int{1, 2}, []float32{1, 2.5})
	if _, err := ConvertDType(f, Uint32); err == nil {
		t.Error("non-integer float32->uint32 accepted")
	}
}

func TestContractNames(t *testing.T) {
	for _, c := range Contracts {
		got, err := ParseContract(strings.ToLower(c.String()))
		if err != nil || got != c {
			t.Errorf("ParseContract(%s) = %v, %v", c, got, err)
		}
	}
	if _, err := ParseContract("PURE_4D"); err == nil {
		t.Error("unknown contract accepted")
	}
}

func TestCanceledContextStopsSlices(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Call(ctx, "t:p2", ramp(8, 4, 4), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: %v", err)
	}
}

func TestSuggestionsMatchWords(t *testing.T) {
	for in, want := range map[string]string{
		"gausian":         "gaussian_filter",
		"gaussian_filtre": "gaussian_filter",
		"median":          "median_filter",
		"labl":            "label",
		"xyzzy":           "",
	} {
		if got := closest(in, []string{"gaussian_filter", "median_filter", "label", "laplace"}); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReleaseOfAViewKeepsTheParent(t *testing.T) {
	v := ramp(2, 3, 3)
	s, _ := v.Slice(1)
	s.Release()
	p, _ := v.AsVolume().AsPlane()
	_ = p
	if d, err := v.Float32s(); err != nil || len(d) != 18 || d[17] != 17 {
		t.Fatalf("parent lost its data after a view was released: %v %v", d, err)
	}
	one := ramp(4, 5).AsVolume()
	one.Release()
	pl, _ := one.AsPlane()
	if d, _ := pl.Float32s(); len(d) != 20 {
		t.Error("releasing an AsVolume view freed the plane")
	}
}
