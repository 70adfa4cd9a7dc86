package conformance

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// SliceClaims checks every FLEXIBLE function of library against its slices= claim: a
// slice-independent function gives the same result on a stack as slice by slice, on
// every data set; a coupled one gives a different result on at least one. The data sets
// are the function's reference cases whose inputs are stacks of several slices (real
// data: cells, blobs, labels), and seeded random stacks with about 40% zeros.
func SliceClaims(t *testing.T, library string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range registry.Functions(registry.Filter{Library: library, Contract: registry.Flexible}) {
		t.Run(f.Name, func(t *testing.T) {
			sets, err := claimData(f)
			if err != nil {
				t.Fatal(err)
			}
			differs := ""
			for _, set := range sets {
				whole, err := f.Call(ctx, set.ins, set.params, false)
				if err != nil {
					t.Fatalf("%s on a stack: %v", set.name, err)
				}
				sliced, err := f.Call(ctx, set.ins, set.params, true)
				if err != nil {
					// Parameters given per axis of a volume (sigma=1,2,2) or valid only in
					// 3D (connectivity=3) do not apply to a slice: nothing to compare.
					whole.Release()
					continue
				}
				same, err := identical(ctx, whole, sliced)
				whole.Release()
				sliced.Release()
				if err != nil {
					t.Fatal(err)
				}
				if f.SliceIndependent && !same {
					t.Fatalf("%s claims slices=independent, but on %s its result on a stack differs from slice by slice", f.Key(), set.name)
				}
				if !same && differs == "" {
					differs = set.name
				}
			}
			if !f.SliceIndependent && differs == "" {
				t.Errorf("%s claims slices=coupled, but on every data set (%d) its result on a stack equals slice by slice", f.Key(), len(sets))
			}
		})
	}
}

// dataSet is one set of inputs and parameters for a slice claim.
type dataSet struct {
	name   string
	ins    []*registry.Array
	params registry.Values
}

// claimData returns the 3D reference cases of f (inputs of 2 or more slices, run
// directly) and a random stack with default parameters (or those of the first case when
// a parameter is required).
func claimData(f *registry.Function) ([]dataSet, error) {
	cases, err := Cases(f.Name)
	if err != nil {
		return nil, err
	}
	var sets []dataSet
	for _, c := range cases {
		if c.SliceBySlice {
			continue
		}
		ins, err := c.Load()
		if err != nil {
			return nil, err
		}
		stacks := true
		for _, a := range ins {
			stacks = stacks && a.Ndim() == 3 && a.Shape()[0] >= 2
		}
		if stacks {
			sets = append(sets, dataSet{name: "case " + c.ID, ins: ins, params: c.Params})
		}
	}
	params, err := claimParams(f)
	if err != nil {
		return nil, err
	}
	ins := make([]*registry.Array, len(f.Inputs))
	for i, in := range f.Inputs {
		ins[i] = randomStack(in.DType, uint64(i+1))
	}
	return append(sets, dataSet{name: "a random stack", ins: ins, params: params}), nil
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
// labels 1..40 on 40% of the pixels.
func randomStack(dt registry.DType, seed uint64) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 20261125))
	shape := []int{4, 13, 17}
	n := 4 * 13 * 17
	if dt == registry.Uint32 {
		d := make([]uint32, n)
		for i := range d {
			if rng.Float32() >= 0.6 {
				d[i] = uint32(1 + rng.IntN(40)) // sparse, so a slice lacks some labels
			}
		}
		a, _ := registry.NewUint32(shape, d)
		return a
	}
	d := make([]float32, n)
	for i := range d {
		if rng.Float32() >= 0.4 {
			// Brighter with z, so global statistics differ from per-slice ones; no gap
			// above zero, so every threshold between levels matters.
			d[i] = rng.Float32() * float32(1+i/(13*17))
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
