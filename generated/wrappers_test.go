package generated_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/conformance"
	"github.com/kernreg/kernreg/generated"
	"github.com/kernreg/kernreg/kernels/cpu"
	"github.com/kernreg/kernreg/registry"
)

// TestTypedWrapperMatchesGenericCall: the typed wrapper with its defaults, the generic
// call with no parameters and the generic call with string parameters agree exactly.
func TestTypedWrapperMatchesGenericCall(t *testing.T) {
	ctx := context.Background()
	in, err := conformance.Input("cells3d")
	if err != nil {
		t.Fatal(err)
	}
	p := generated.DefaultGaussianFilterParams()
	if p.Mode != "reflect" || len(p.Sigma) != 1 || p.Sigma[0] != 1 || p.Truncate != 4 {
		t.Fatalf("defaults: %+v", p)
	}
	p.Sigma = []float64{0.5, 2, 2}
	a, err := generated.GaussianFilter(ctx, in, p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := registry.Call(ctx, "gaussian_filter", in, registry.Values{"sigma": "0.5,2,2"})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := conformance.Compare(a, b, 0, 0, true); d.Bad > 0 {
		t.Errorf("typed and string calls differ: %v", d)
	}
	// Zero values of strings and slices take the defaults; numbers are taken literally.
	z, err := generated.GaussianFilter(ctx, in, cpu.GaussianParams{Truncate: 4})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := registry.Call(ctx, "gaussian_filter", in, nil)
	if d, _ := conformance.Compare(z, c, 0, 0, true); d.Bad > 0 {
		t.Errorf("zero-value params differ from defaults: %v", d)
	}
}

func TestTypedWrapperValidates(t *testing.T) {
	ctx := context.Background()
	in, _ := conformance.Input("rand2d")
	p := generated.DefaultGaussianFilterParams()
	p.Sigma = []float64{-1}
	if _, err := generated.GaussianFilter(ctx, in, p); err == nil || err.Error() != "gaussian_filter: sigma must be >= 0, got -1" {
		t.Errorf("negative sigma: %v", err)
	}
	p = generated.DefaultGaussianFilterParams()
	p.Mode = "reflekt"
	if _, err := generated.GaussianFilter(ctx, in, p); err == nil || !strings.Contains(err.Error(), `did you mean "reflect"`) {
		t.Errorf("bad mode: %v", err)
	}
	if _, err := generated.GaussianFilter(ctx, in, generated.DefaultGaussianFilterParams(), registry.WithBackend("cuda")); err == nil ||
		!strings.Contains(err.Error(), "backend cuda is not part of this build") {
		t.Errorf("cuda backend: %v", err)
	}
}

// TestEveryOperationHasAWrapperAndMetadata checks the table as a user sees it: every
// registered function has a doc, a reference, inputs, and a parameter doc for each
// parameter; every default parses.
func TestEveryOperationHasAWrapperAndMetadata(t *testing.T) {
	fns := registry.Functions(registry.Filter{})
	if len(fns) < 25 {
		t.Fatalf("only %d functions registered", len(fns))
	}
	for _, f := range fns {
		if f.Doc == "" || f.Ref == "" || len(f.Inputs) == 0 || f.Module == "" || f.GoName == "" {
			t.Errorf("%s: incomplete metadata %+v", f.Key(), f)
		}
		for _, p := range f.Params {
			if p.Doc == "" {
				t.Errorf("%s: parameter %s has no doc", f.Key(), p.Name)
			}
		}
		if _, err := f.Bind(nil); err != nil && !strings.Contains(err.Error(), "missing required parameter") {
			t.Errorf("%s: defaults do not bind: %v", f.Key(), err)
		}
	}
	seen := map[registry.Contract]bool{}
	for _, f := range fns {
		seen[f.Contract] = true
	}
	for _, c := range registry.Contracts {
		if !seen[c] {
			t.Errorf("no registered function has contract %v", c)
		}
	}
}
