package pipeline

import (
	"context"
	"fmt"
	"math"
	"testing"

	_ "github.com/kernreg/kernreg/kernels/cuda" // the device backends, as the CLI links them
	_ "github.com/kernreg/kernreg/kernels/opencl"
	"github.com/kernreg/kernreg/registry"
)

// closeArrays compares two host float32 arrays within atol + rtol*|want|.
func closeArrays(t *testing.T, what string, got, want *registry.Array, atol, rtol float64) {
	t.Helper()
	if got == nil || got.DType() != want.DType() || !got.Shape().Equal(want.Shape()) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	if got.DType() == registry.Uint32 {
		sameArray(t, what, got, want)
		return
	}
	g, _ := got.Float32s()
	w, _ := want.Float32s()
	for i := range g {
		if d := math.Abs(float64(g[i]) - float64(w[i])); d > atol+rtol*math.Abs(float64(w[i])) {
			t.Errorf("%s: element %d is %v, want %v", what, i, g[i], w[i])
			return
		}
	}
}

// On the real device backends of this machine (OpenCL, CUDA), a pipeline that moves
// between them and the CPU gives the CPU's results, with the planned conversions. And
// with backend auto, steps run where the registry's preference puts them.
func TestDeviceBackends(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles device kernels")
	}
	ran := 0
	for _, lib := range []string{"opencl", "cuda"} {
		if registry.BackendStatus(lib) != nil {
			continue
		}
		if _, err := registry.Lookup(lib + ":gaussian_filter"); err != nil {
			continue
		}
		if _, err := registry.Lookup(lib + ":maximum_z_projection"); err != nil {
			continue
		}
		ran++
		t.Run(lib, func(t *testing.T) {
			src := fmt.Sprintf(`
steps:
  - {op: gaussian_filter, backend: %[1]s, name: smooth, params: {sigma: 1.5}}
  - {op: threshold_otsu, backend: cpu, name: mask}
  - {op: label, backend: cpu, name: labels, save: true}
  - {op: maximum_z_projection, backend: %[1]s, input: smooth, name: mip, save: true}
`, lib)
			pl := mustPlan(t, src, Options{})
			// input up, smooth down (for threshold_otsu), mip down (to save it).
			if pl.Conversions != 3 {
				t.Errorf("plan: %d conversions, want 3", pl.Conversions)
			}
			in := ramp(t, 5, 40, 48)
			out := newMemOutput()
			res, err := pl.Run(context.Background(), []*registry.Array{in}, out)
			if err != nil {
				t.Fatal(err)
			}
			if res.Conversions != 3 || res.Steps[0].Library != lib || res.Steps[1].Library != "cpu" {
				t.Errorf("result %+v", res)
			}
			smooth := call(t, "gaussian_filter", []*registry.Array{in}, registry.Values{"sigma": 1.5})
			closeArrays(t, "mip", out.images["mip"], call(t, "maximum_z_projection", []*registry.Array{smooth}, nil), 1e-5, 1e-5)
			// The labels come from a threshold of the device's smoothing: compare counts
			// only loosely, as one pixel at the threshold may flip.
			if out.images["labels"] == nil {
				t.Errorf("no labels saved")
			}
		})
	}
	// auto: every op step runs on the library registry.Lookup picks for it.
	pl := mustPlan(t, "steps:\n  - op: gaussian_filter\n  - op: maximum_z_projection\n", Options{Backend: "auto"})
	res, err := pl.Run(context.Background(), []*registry.Array{ramp(t, 3, 16, 16)}, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"gaussian_filter", "maximum_z_projection"} {
		f, _ := registry.Lookup(name)
		if res.Steps[i].Library != f.Library {
			t.Errorf("%s ran on %s, the registry prefers %s", name, res.Steps[i].Library, f.Library)
		}
	}
	t.Logf("auto: gaussian_filter on %s, maximum_z_projection on %s, %d conversions; device backends tested: %d",
		res.Steps[0].Library, res.Steps[1].Library, res.Conversions, ran)
}
