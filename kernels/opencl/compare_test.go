package opencl_test

import (
	"context"
	"testing"

	"github.com/kernreg/kernreg/conformance"
	"github.com/kernreg/kernreg/registry"
)

// compareWithCPU runs op on in with params on opencl and on cpu, and compares within the
// op's reference tolerance (exactly where the reference is exact). name labels errors.
func compareWithCPU(t *testing.T, name, op string, in *registry.Array, params registry.Values) {
	t.Helper()
	ctx := context.Background()
	cases, err := conformance.Cases(op)
	if err != nil || len(cases) == 0 {
		t.Fatalf("%s: no reference cases: %v", name, err)
	}
	cpu, err := registry.Lookup("cpu:" + op)
	if err != nil {
		t.Fatal(err)
	}
	gpu, err := registry.Lookup("opencl:" + op)
	if err != nil {
		t.Fatal(err)
	}
	want, err := cpu.Call(ctx, []*registry.Array{in}, params, false)
	if err != nil {
		t.Fatalf("%s: cpu: %v", name, err)
	}
	got, err := gpu.Call(ctx, []*registry.Array{in}, params, false)
	if err != nil {
		t.Fatalf("%s: opencl: %v", name, err)
	}
	host, err := registry.To(ctx, got, registry.Host)
	got.Release()
	if err != nil {
		t.Fatal(err)
	}
	c := cases[0]
	if d, err := conformance.Compare(host, want, c.Atol, c.Rtol, c.Exact); err != nil || d.Bad > 0 {
		t.Errorf("%s: %v %v", name, d, err)
	}
}
