package opencl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kernreg/kernreg/cache"

	"github.com/kernreg/kernreg/kernels/gpu"
)

// TestMain keeps the kernel cache of these tests in a temporary directory, and poisons
// every output the registry allocates (gpu.PoisonOutputs).
func TestMain(m *testing.M) {
	gpu.PoisonOutputs = true
	dir, err := os.MkdirTemp("", "kernreg-opencl-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("KERNREG_CACHE_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestProgramCache: the first build of a source compiles and stores its binary; the next
// loads it (here: on PoCL), and the loaded program has the source's kernels.
func TestProgramCache(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Skipf("no OpenCL device: %v", err)
	}
	src := gpu.Sources()[0]
	before := cache.Loads()
	p1, err := d.Build(src)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := d.Build(src)
	if err != nil {
		t.Fatal(err)
	}
	if cache.Loads() == before {
		t.Fatalf("the second build of %s did not load from the cache", src.Name)
	}
	for _, name := range src.KernelNames() {
		n1, err1 := p1.NumArgs(name)
		n2, err2 := p2.NumArgs(name)
		if err1 != nil || err2 != nil || n1 != n2 {
			t.Errorf("kernel %s: compiled %d (%v), loaded %d (%v)", name, n1, err1, n2, err2)
		}
	}
	c := cache.Shared()
	if c == nil {
		t.Fatal("no cache")
	}
	sums, err := c.Show()
	if err != nil || len(sums) != 1 || len(sums[0].Entries) == 0 || !sums[0].Current {
		t.Fatalf("cache after two builds: %+v %v", sums, err)
	}
	// A corrupted binary is detected, dropped and rebuilt; the build still succeeds.
	bins, _ := filepath.Glob(filepath.Join(c.Path(), "bin", "*.bin"))
	for _, b := range bins {
		os.WriteFile(b, []byte("garbage"), 0o644)
	}
	if _, err := d.Build(src); err != nil {
		t.Fatalf("build over a corrupt cache: %v", err)
	}
	if probs, _ := c.Verify(); len(probs) != 0 && len(bins) == 1 {
		t.Errorf("the rebuilt entry is still bad: %v", probs)
	}
}
