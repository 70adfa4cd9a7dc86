package opencl

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/cache"

	"github.com/kernreg/kernreg/kernels/gpu"
)

// TestMain keeps the kernel cache of these tests in a temporary directory (a child of
// TestProgramCacheAcrossProcesses keeps the one it is given), and poisons every output
// the registry allocates (gpu.PoisonOutputs).
func TestMain(m *testing.M) {
	gpu.PoisonOutputs = true
	if os.Getenv("KERNREG_CACHE_CHILD") == "1" {
		os.Exit(m.Run())
	}
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

// TestProgramCacheAcrossProcesses is the end-to-end check: two processes (this test
// binary run again as a child) build the same source on one cache directory, with
// PoCL's own cache off; the first compiles and stores the binary, the second loads it.
func TestProgramCacheAcrossProcesses(t *testing.T) {
	if os.Getenv("KERNREG_CACHE_CHILD") == "1" {
		d, err := Default()
		if err != nil {
			t.Skip(err)
		}
		if _, err := d.Build(gpu.Sources()[0]); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("loaded=%d\n", cache.Loads())
		return
	}
	if _, err := Default(); err != nil {
		t.Skipf("no OpenCL device: %v", err)
	}
	dir := t.TempDir()
	child := func() string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProgramCacheAcrossProcesses$", "-test.count=1")
		cmd.Env = append(os.Environ(), "KERNREG_CACHE_CHILD=1", "KERNREG_CACHE_DIR="+dir, "POCL_KERNEL_CACHE=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "loaded=") {
				return line
			}
		}
		t.Fatalf("child printed no result:\n%s", out)
		return ""
	}
	if got := child(); got != "loaded=0" {
		t.Errorf("first process on an empty cache: %s, want loaded=0", got)
	}
	if got := child(); got != "loaded=1" {
		t.Errorf("second process: %s, want loaded=1 (the binary the first stored)", got)
	}
}
