package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of the golden tests")

// fixtureTypes is the view-type file every golden case gets unless it brings its own.
const fixtureTypes = `package cpu

type Plane struct {
	Shape []int
	Data  []float32
}
type Volume struct {
	Shape []int
	Data  []float32
}
type Array struct {
	Shape []int
	Data  []float32
}
type LabelPlane struct {
	Shape []int
	Data  []uint32
}
type LabelVolume struct {
	Shape []int
	Data  []uint32
}
type LabelArray struct {
	Shape []int
	Data  []uint32
}
`

// fixtureGPUTypes is the view-type file of kernels/gpu, for cases that have GPU kernels.
const fixtureGPUTypes = `package gpu

type View struct {
	Off   int
	Shape []int
}
type Plane struct{ View }
type Volume struct{ View }
type Array struct{ View }
type LabelPlane struct{ View }
type LabelVolume struct{ View }
type LabelArray struct{ View }
`

// TestGolden runs regen on each testdata/*.txtar case: the archive's input files form a
// small module (kernels/cpu/..., and kernels/gpu/... when the case has GPU kernels); the
// expected result is either the generated files (want/NAME.go) or the diagnostics
// (want.diag), exactly.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			write := func(name string, data []byte) {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("go.mod", []byte("module example.com/k\n\ngo 1.26\n"))
			write("kernels/cpu/types.go", []byte(fixtureTypes))
			pkgs := []string{"./kernels/cpu"}
			for _, f := range ar.Files {
				if !strings.HasPrefix(f.Name, "want") {
					write(f.Name, f.Data)
				}
				if strings.HasPrefix(f.Name, "kernels/gpu/") && len(pkgs) == 1 {
					write("kernels/gpu/types.go", []byte(fixtureGPUTypes))
					pkgs = append(pkgs, "./kernels/gpu")
				}
			}
			got := map[string][]byte{}
			m, err := buildModel(dir, pkgs)
			if err != nil {
				got["want.diag"] = []byte(err.Error() + "\n")
			} else {
				files, err := emit(m)
				if err != nil {
					t.Fatal(err)
				}
				for n, b := range files {
					got["want/"+n] = b
				}
			}
			compareArchive(t, path, ar, got)
		})
	}
}

// compareArchive checks the want* files of ar against got, or rewrites them with -update.
func compareArchive(t *testing.T, path string, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	want := map[string][]byte{}
	var kept []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want") {
			want[f.Name] = f.Data
		} else {
			kept = append(kept, f)
		}
	}
	if *update {
		names := make([]string, 0, len(got))
		for n := range got {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			kept = append(kept, txtar.File{Name: n, Data: got[n]})
		}
		ar.Files = kept
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for n, w := range want {
		g, ok := got[n]
		if !ok {
			t.Errorf("%s: expected %s, regen produced none (got %v)", path, n, keys(got))
			continue
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs (run go test ./tools/regen -update after checking):\n%s", path, n,
				unifiedDiff(n, string(w), string(g)))
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: regen produced %s, which the case does not expect:\n%s", path, n, got[n])
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestGeneratedCurrent is the end-to-end check: regen over this repository's kernel
// packages must reproduce generated/ byte for byte.
func TestGeneratedCurrent(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-check", "-dir", "../.."}, &out, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

// TestDeterministic runs the generator twice on the repository and compares the bytes.
func TestDeterministic(t *testing.T) {
	root, _ := filepath.Abs("../..")
	var runs [2]map[string][]byte
	for i := range runs {
		m, err := buildModel(root, defaultPackages)
		if err != nil {
			t.Fatal(err)
		}
		if runs[i], err = emit(m); err != nil {
			t.Fatal(err)
		}
	}
	for n, b := range runs[0] {
		if !bytes.Equal(b, runs[1][n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
}

func TestSnakeCamel(t *testing.T) {
	for in, want := range map[string]string{
		"GaussianFilter": "gaussian_filter", "MaximumZProjection": "maximum_z_projection",
		"SobelH": "sobel_h", "NBins": "n_bins", "Sigma": "sigma", "Cval": "cval", "Label2D": "label2_d",
	} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"std_z_projection": "StdZProjection", "label": "Label"} {
		if got := camel(in); got != want {
			t.Errorf("camel(%q) = %q, want %q", in, got, want)
		}
	}
}
