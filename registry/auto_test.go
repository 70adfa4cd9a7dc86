package registry

import (
	"errors"
	"testing"
)

// TestAutoDefers: a bare name passes over an available backend whose Auto declines when
// a later library in the preference has the function, and still uses it when none does;
// keys and explicit backends are unaffected.
func TestAutoDefers(t *testing.T) {
	// Extra libraries come after Preference, sorted: autoa before autob.
	RegisterBackend(Backend{Name: "autoa", Memory: Host, Auto: func() error { return errors.New("a CPU device") }})
	RegisterBackend(Backend{Name: "autob", Memory: Host})
	fn := func(lib, name string) Function {
		return Function{Name: name, Library: lib, Contract: Flexible, Memory: Host,
			Inputs: []Input{{Name: "image", DType: Float32}}, Output: Float32,
			Bind: func(Values) (Kernel, error) { return nil, nil }}
	}
	Register(fn("autoa", "autotest_both"), fn("autob", "autotest_both"), fn("autoa", "autotest_only_a"))
	for _, tc := range []struct{ name, backend, want string }{
		{"autotest_both", "", "autob:autotest_both"},
		{"autotest_only_a", "", "autoa:autotest_only_a"},
		{"autotest_both", "autoa", "autoa:autotest_both"},
		{"autoa:autotest_both", "", "autoa:autotest_both"},
	} {
		f, err := Resolve(tc.name, tc.backend)
		if err != nil || f.Key() != tc.want {
			t.Errorf("Resolve(%q, %q) = %v, %v; want %s", tc.name, tc.backend, f, err, tc.want)
		}
	}
}
