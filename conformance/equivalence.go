package conformance

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// equivalenceShapes are awkward shapes: a single row, a single column, prime sizes, a
// one-slice stack and a small prime stack.
var equivalenceShapes = [][]int{{1, 37}, {29, 1}, {13, 17}, {1, 11, 7}, {3, 11, 7}, {5, 1, 13}}

// Equivalence runs every operation of library and its cpu counterpart on the same seeded
// random inputs (with zeros, repeats and, in a second variant, NaNs; where both refuse
// those, a third with the NaN variant's absolute values) of odd shapes (a single row or
// column, prime sizes, one slice), with the parameters of every reference
// case, and requires the same result within the operation's reference tolerance (or an
// error from both). In -short mode it uses at most 3 parameter sets per operation.
func Equivalence(t *testing.T, library string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range registry.Functions(registry.Filter{Library: library}) {
		t.Run(f.Name, func(t *testing.T) {
			ref, err := registry.Lookup("cpu:" + f.Name)
			if err != nil {
				t.Fatal(err)
			}
			cases, err := Cases(f.Name)
			if err != nil || len(cases) == 0 {
				t.Fatalf("no reference cases: %v", err)
			}
			params := distinctParams(cases)
			if testing.Short() && len(params) > 3 {
				params = params[:3]
			}
			atol, rtol, exact := cases[0].Atol, cases[0].Rtol, cases[0].Exact
			checked := 0
			for si, shape := range equivalenceShapes {
				if len(shape) == 2 && (f.Contract == registry.VolumetricToSlice) {
					continue
				}
				// The third variant, the NaN inputs made non-negative, runs only where both
				// backends refused the others (skimage's exposure corrections refuse
				// negative pixels).
				checkedBefore := checked
				for variant, withNaN := range []bool{false, true, true} {
					if variant == 2 && checked > checkedBefore {
						break
					}
					ins := make([]*registry.Array, len(f.Inputs))
					for i := range ins {
						ins[i] = randomArray(f.Inputs[i].DType, shape, uint64(100*si+10*i+1), withNaN)
						if variant == 2 {
							ins[i] = nonNegative(ins[i])
						}
					}
					for _, pv := range params {
						for _, sbs := range []bool{false, true} {
							if sbs && (len(shape) != 3 || f.Contract != registry.Flexible) {
								continue
							}
							name := fmt.Sprintf("%v nan=%v nonneg=%v %v slice_by_slice=%v", registry.Shape(shape), withNaN, variant == 2, pv, sbs)
							want, werr := ref.Call(ctx, ins, pv, sbs)
							got, gerr := f.Call(ctx, ins, pv, sbs)
							if (werr == nil) != (gerr == nil) {
								t.Errorf("%s: cpu error %v, %s error %v", name, werr, library, gerr)
								continue
							}
							if werr != nil {
								continue // both refuse: the parameters do not fit this shape
							}
							host, err := registry.To(ctx, got, registry.Host)
							got.Release()
							if err != nil {
								t.Fatal(err)
							}
							d, err := Compare(host, want, atol, rtol, exact)
							if err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							if d.Bad > 0 {
								t.Errorf("%s: %s vs cpu: %v", name, library, d)
							}
							checked++
						}
					}
				}
			}
			if checked == 0 {
				t.Errorf("no parameter set ran on any shape")
			}
		})
	}
}

// distinctParams lists the distinct parameter sets of the cases, in case order.
func distinctParams(cases []Case) []registry.Values {
	seen := map[string]bool{}
	var out []registry.Values
	for _, c := range cases {
		k := fmt.Sprint(c.Params)
		if !seen[k] {
			seen[k] = true
			out = append(out, c.Params)
		}
	}
	return out
}

// randomArray is a seeded array: floats in [-1, 2) with about 30% zeros and some
// repeated values (and a few NaNs with nan), or labels 0..5.
func randomArray(dt registry.DType, shape []int, seed uint64, nan bool) *registry.Array {
	rng := rand.New(rand.NewPCG(seed, 4))
	n := registry.Shape(shape).Len()
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
		switch r := rng.Float32(); {
		case r < 0.3:
			d[i] = 0
		case r < 0.4:
			d[i] = 0.5
		case nan && r < 0.45:
			d[i] = float32(math.NaN())
		default:
			d[i] = rng.Float32()*3 - 1
		}
	}
	a, _ := registry.NewFloat32(shape, d)
	return a
}

// nonNegative returns a float32 array with the absolute values of a (labels unchanged).
func nonNegative(a *registry.Array) *registry.Array {
	v, err := a.Float32s()
	if err != nil {
		return a
	}
	d := make([]float32, len(v))
	for i, x := range v {
		d[i] = float32(math.Abs(float64(x)))
	}
	out, _ := registry.NewFloat32(a.Shape(), d)
	return out
}
