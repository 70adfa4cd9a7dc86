package pipeline

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

// mustPlan compiles src. Steps without a backend run on the CPU unless opts says
// otherwise, so that results can be compared bit for bit with the CPU registry calls on
// machines whose GPU the registry would prefer.
func mustPlan(t *testing.T, src string, opts Options) *Plan {
	t.Helper()
	if opts.Backend == "" {
		opts.Backend = "cpu"
	}
	pl, err := ParsePlan("p.yaml", []byte(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// sameArray compares dtype, shape and every bit of two host arrays.
func sameArray(t *testing.T, what string, got, want *registry.Array) {
	t.Helper()
	if got == nil || got.DType() != want.DType() || !got.Shape().Equal(want.Shape()) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	var g, w bytes.Buffer
	if err := imageio.WriteNPY(&g, got); err != nil {
		t.Fatal(err)
	}
	if err := imageio.WriteNPY(&w, want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g.Bytes(), w.Bytes()) {
		t.Errorf("%s: values differ from the step-by-step registry calls", what)
	}
}

// call runs one registry function on the CPU, failing the test on error.
func call(t *testing.T, name string, ins []*registry.Array, v registry.Values, opts ...registry.Option) *registry.Array {
	t.Helper()
	a, err := registry.CallN(context.Background(), name, ins, v, append(opts, registry.WithBackend("cpu"))...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

const segmentYAML = `
steps:
  - {op: gaussian_filter, name: smooth, params: {sigma: 1.5, mode: nearest}}
  - {op: threshold_otsu, name: mask}
  - {op: label, name: labels, params: {connectivity: 2}, save: true}
  - {op: maximum_z_projection, input: smooth, name: mip, save: true}
  - {op: subtract_images, inputs: [input, smooth], name: background, slice_by_slice: true, save: true}
  - {convert: float32, input: labels, name: labels_f}
  - {op: maximum_z_projection, name: labels_mip, save: true}
`

// The pipeline's results equal the registry's, called step by step on the same data.
func TestRunMatchesRegistry(t *testing.T) {
	pl := mustPlan(t, segmentYAML, Options{})
	for _, shape := range [][]int{{4, 24, 20}, {24, 20}} {
		in := ramp(t, shape...)
		out := newMemOutput()
		res, err := pl.Run(context.Background(), []*registry.Array{in}, out)
		if err != nil {
			t.Fatal(err)
		}
		smooth := call(t, "gaussian_filter", []*registry.Array{in}, registry.Values{"sigma": 1.5, "mode": "nearest"})
		mask := call(t, "threshold_otsu", []*registry.Array{smooth}, nil)
		labels := call(t, "label", []*registry.Array{mask}, registry.Values{"connectivity": 2})
		mip := call(t, "maximum_z_projection", []*registry.Array{smooth}, nil)
		bg := call(t, "subtract_images", []*registry.Array{in, smooth}, nil, registry.SliceBySlice(true))
		lf, err := registry.ConvertDType(labels, registry.Float32)
		if err != nil {
			t.Fatal(err)
		}
		lmip := call(t, "maximum_z_projection", []*registry.Array{lf}, nil)
		sameArray(t, "labels", out.images["labels"], labels)
		sameArray(t, "mip", out.images["mip"], mip)
		sameArray(t, "background", out.images["background"], bg)
		sameArray(t, "labels_mip", out.images["labels_mip"], lmip)
		if len(out.images) != 4 {
			t.Errorf("saved %d images, want 4", len(out.images))
		}
		if res.Conversions != 0 || len(res.Steps) != 7 {
			t.Errorf("conversions %d, steps %d", res.Conversions, len(res.Steps))
		}
		// The caller's input is left alone.
		if d, err := in.Float32s(); err != nil || len(d) != registry.Shape(shape).Len() {
			t.Errorf("input was released: %v", err)
		}
	}
}

// Data stays in a backend's memory between its steps; it is converted exactly where the
// backend changes and for saving, as the plan says, and every device copy is released.
func TestConversions(t *testing.T) {
	src := `
steps:
  - {op: pltest_scale, backend: cpu, params: {factor: 3}, name: a}
  - {op: pltest_scale, backend: fakegpu, name: b}
  - {op: pltest_negate, backend: fakegpu, name: c, save: true}
  - {op: pltest_scale, backend: fakegpu, input: a, params: {factor: 0.5}, name: d}
  - {op: add_images, backend: cpu, inputs: [c, d], name: e, save: true}
  - {op: pltest_negate, backend: fakegpu, input: e, name: f, save: true}
`
	pl := mustPlan(t, src, Options{})
	// a: made on cpu; to fakegpu for b (1). c saved: to host (2). d reads a, already on
	// fakegpu. e on cpu: c has a host copy already, d does not (3). f on fakegpu: e to
	// fakegpu (4), f to host for saving (5).
	if pl.Conversions != 5 {
		t.Errorf("plan has %d conversions, want 5", pl.Conversions)
	}
	var ex strings.Builder
	if err := pl.Explain(&ex, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"pipeline p.yaml: 6 steps, 5 memory conversion(s) per image",
		"convert a: host -> fakegpu, for step 2, pltest_scale on fakegpu",
		"convert c: fakegpu -> host, to save it",
		"convert d: fakegpu -> host, for step 5, add_images on cpu",
		"convert e: host -> fakegpu, for step 6, pltest_negate on fakegpu",
		"convert f: fakegpu -> host, to save it",
		"  4. d = pltest_scale(a) on fakegpu [FLEXIBLE] -> float32",
		"release a (fakegpu)",
	} {
		if !strings.Contains(ex.String(), want) {
			t.Errorf("explain lacks %q:\n%s", want, ex.String())
		}
	}
	if n := strings.Count(ex.String(), "convert "); n != 5 {
		t.Errorf("explain shows %d conversions:\n%s", n, ex.String())
	}

	resetDev()
	in := ramp(t, 3, 8, 10)
	out := newMemOutput()
	res, err := pl.Run(context.Background(), []*registry.Array{in}, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Conversions != 5 || dev.toHost+dev.fromHst != 5 {
		t.Errorf("run made %d conversions (device saw %d to host, %d from host), want 5", res.Conversions, dev.toHost, dev.fromHst)
	}
	if dev.live != 0 {
		t.Errorf("%d device buffers left unreleased", dev.live)
	}
	if dev.calls["fakegpu:pltest_scale"] != 2 || dev.calls["fakegpu:pltest_negate"] != 2 || dev.calls["cpu:pltest_scale"] != 1 {
		t.Errorf("calls %v", dev.calls)
	}
	// Independently: c = -(3x*2), d = 3x*0.5, e = c+d, f = -e.
	x, _ := in.Float32s()
	want := make([]float32, len(x))
	for i, v := range x {
		a := v * 3
		c := -(a * 2)
		d := a * 0.5
		want[i] = -(c + d)
	}
	wa, _ := registry.NewFloat32(in.Shape(), want)
	sameArray(t, "f", out.images["f"], wa)
}

// A failing step releases every device copy the run made and names the step.
func TestRunFailureReleases(t *testing.T) {
	pl := mustPlan(t, "steps:\n  - {op: pltest_scale, backend: fakegpu}\n  - {op: pltest_fail, backend: fakegpu, name: boom}\n", Options{})
	resetDev()
	_, err := pl.Run(context.Background(), []*registry.Array{ramp(t, 5, 6)}, newMemOutput())
	if err == nil || err.Error() != "step 2 (boom): pltest_fail: device lost" {
		t.Errorf("error %v", err)
	}
	if dev.live != 0 {
		t.Errorf("%d device buffers left unreleased", dev.live)
	}
}

// Shapes that only the data reveals are checked before the first step runs.
func TestShapeCheckBeforeRun(t *testing.T) {
	pl := mustPlan(t, "steps:\n  - {op: pltest_quarter, name: q}\n  - {op: add_images, inputs: [input, q]}\n", Options{})
	resetDev()
	_, err := pl.Run(context.Background(), []*registry.Array{ramp(t, 8, 8)}, newMemOutput())
	if err == nil || err.Error() != "step 2 (add_images): inputs input (8x8) and q (4x4) differ in shape" {
		t.Errorf("error %v", err)
	}
	_, err = pl.Run(context.Background(), []*registry.Array{ramp(t, 1, 8)}, newMemOutput())
	if err == nil || !strings.Contains(err.Error(), "step 1 (pltest_quarter): image 1x8 is too small to quarter") {
		t.Errorf("error %v", err)
	}
	if n := dev.calls["cpu:pltest_quarter"]; n != 0 {
		t.Errorf("a step ran %d times before the shape check failed", n)
	}
	// ndim is enforced.
	pl = mustPlan(t, "ndim: 3\nsteps:\n  - op: gaussian_filter\n", Options{})
	_, err = pl.Run(context.Background(), []*registry.Array{ramp(t, 8, 8)}, newMemOutput())
	if err == nil || !strings.Contains(err.Error(), "the pipeline takes 3D images (ndim: 3)") {
		t.Errorf("error %v", err)
	}
	// Shapes through a shape function, per slice.
	pl = mustPlan(t, "steps:\n  - {op: pltest_quarter, name: q}\n  - op: maximum_z_projection\n", Options{})
	shapes, err := pl.Shapes(registry.Shape{3, 8, 6})
	if err != nil || shapes["q"].String() != "3x4x3" || shapes["step2_maximum_z_projection"].String() != "4x3" {
		t.Errorf("shapes %v, %v", shapes, err)
	}
}

func TestChannels(t *testing.T) {
	pl := mustPlan(t, `
channels: [dna, gfp]
steps:
  - {op: gaussian_filter, channel: dna, name: s, save: true}
  - {op: add_images, inputs: [s, gfp], save: true, name: sum}
  - {op: multiply_images, inputs: [input, sum], channel: 1, save: true, name: prod}
`, Options{})
	dna, gfp := ramp(t, 6, 7), ramp(t, 6, 7)
	d, _ := gfp.Float32s()
	for i := range d {
		d[i] = d[i]*2 + 1
	}
	out := newMemOutput()
	if _, err := pl.Run(context.Background(), []*registry.Array{dna, gfp}, out); err != nil {
		t.Fatal(err)
	}
	s := call(t, "gaussian_filter", []*registry.Array{dna}, nil)
	sum := call(t, "add_images", []*registry.Array{s, gfp}, nil)
	sameArray(t, "s", out.images["s"], s)
	sameArray(t, "sum", out.images["sum"], sum)
	sameArray(t, "prod", out.images["prod"], call(t, "multiply_images", []*registry.Array{gfp, sum}, nil))

	if _, err := pl.Run(context.Background(), []*registry.Array{dna}, nil); err == nil || !strings.Contains(err.Error(), "takes 2 input array(s) ([dna gfp]), got 1") {
		t.Errorf("error %v", err)
	}
}

func TestRunCancelled(t *testing.T) {
	pl := mustPlan(t, "steps:\n  - {op: pltest_scale, backend: fakegpu}\n  - op: pltest_cancel\n  - op: gaussian_filter\n", Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelHook = cancel
	defer func() { cancelHook = nil }()
	resetDev()
	_, err := pl.Run(ctx, []*registry.Array{ramp(t, 4, 4)}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v", err)
	}
	if dev.live != 0 {
		t.Errorf("%d device buffers left unreleased", dev.live)
	}
}
