package conformance

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// SliceClaims checks every FLEXIBLE function of library against its slices= claim: a
// slice-independent function gives the same result on a stack as slice by slice, a
// coupled one gives a different result. Inputs are seeded random stacks with about 40%
// zeros, so binary and label functions see structure that crosses slices. Functions with
// required parameters use the parameters of their first reference case.
func SliceClaims(t *testing.T, library string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range registry.Functions(registry.Filter{Library: library, Contract: registry.Flexible}) {
		t.Run(f.Name, func(t *testing.T) {
			params, err := claimParams(f)
			if err != nil {
				t.Fatal(err)
			}
			ins := make([]*registry.Array, len(f.Inputs))
			for i, in := range f.Inputs {
				ins[i] = randomStack(in.DType, uint64(i+1))
			}
			whole, err := f.Call(ctx, ins, params, false)
			if err != nil {
				t.Fatalf("on a stack: %v", err)
			}
			defer whole.Release()
			sliced, err := f.Call(ctx, ins, params, true)
			if err != nil {
				t.Fatalf("slice by slice: %v", err)
			}
			defer sliced.Release()
			same, err := identical(ctx, whole, sliced)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case f.SliceIndependent && !same:
				t.Errorf("%s claims slices=independent, but its result on a stack differs from slice by slice", f.Key())
			case !f.SliceIndependent && same:
				t.Errorf("%s claims slices=coupled, but its result on a stack equals slice by slice (params %v)", f.Key(), params)
			}
		})
	}
}

// claimParams returns no parameters when every parameter has a default, else those of
// the function's first reference case.
func claimParams(f *registry.Function) (registry.Values, error) {
	for _, p := range f.Params {
		if p.Required() {
			cases, err := Cases(f.Name)
			if err != nil || len(cases) == 0 {
				return nil, err
			}
			return cases[0].Params, nil
		}
	}
	return nil, nil
}

// randomStack is a 4x13x17 stack: floats in [0, z+1) with about 40% exact zeros, or
// labels 0..5.
func randomStack(dt registry.DType, seed uint64) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 20261125))
	shape := []int{4, 13, 17}
	n := 4 * 13 * 17
	if dt == registry.Uint32 {
		d := make([]uint32, n)
		for i := range d {
			d[i] = uint32(rng.IntN(6))
		}
		a, _ := registry.NewUint32(shape, d)
		return a
	}
	d := make([]float32, n)
	for i := range d {
		if v := rng.Float32(); v >= 0.4 {
			d[i] = v * float32(1+i/(13*17)) // brighter with z, so global statistics differ per slice
		}
	}
	a, _ := registry.NewFloat32(shape, d)
	return a
}

// identical compares two results element by element (NaN equals NaN).
func identical(ctx context.Context, a, b *registry.Array) (bool, error) {
	if !a.Shape().Equal(b.Shape()) || a.DType() != b.DType() {
		return false, nil
	}
	ha, err := registry.To(ctx, a, registry.Host)
	if err != nil {
		return false, err
	}
	hb, err := registry.To(ctx, b, registry.Host)
	if err != nil {
		return false, err
	}
	if a.DType() == registry.Uint32 {
		x, _ := ha.Uint32s()
		y, _ := hb.Uint32s()
		for i := range x {
			if x[i] != y[i] {
				return false, nil
			}
		}
		return true, nil
	}
	x, _ := ha.Float32s()
	y, _ := hb.Float32s()
	for i := range x {
		if x[i] != y[i] && !(math.IsNaN(float64(x[i])) && math.IsNaN(float64(y[i]))) {
			return false, nil
		}
	}
	return true, nil
}
