package cuda

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kernreg/kernreg/cache"
	"github.com/kernreg/kernreg/kernels/gpu"
)

// TestMain keeps the kernel cache of these tests in a temporary directory, and poisons
// every output the registry allocates (gpu.PoisonOutputs).
func TestMain(m *testing.M) {
	gpu.PoisonOutputs = true
	dir, err := os.MkdirTemp("", "kernreg-cuda-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("KERNREG_CACHE_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestCubinCache: the first build of every source compiles it (with NVRTC, or the
// driver's JIT of its PTX, as KERNREG_CUDA_COMPILE and the machine decide) and stores the
// cubin; a second start (the process's modules forgotten) loads the cubins, whose kernels
// are the PTX's; a corrupt cubin is dropped and rebuilt. It logs both times and the path.
func TestCubinCache(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	forget := func() {
		d.mu.Lock()
		clear(d.modules)
		d.mu.Unlock()
	}
	build := func() time.Duration {
		t.Helper()
		start := time.Now()
		for _, src := range gpu.Sources() {
			p, err := d.Build(src)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range src.KernelNames() {
				n, err := p.NumArgs(name)
				if err != nil || n == 0 {
					t.Fatalf("%s: kernel %s: %d arguments, %v", src.Name, name, n, err)
				}
				if _, err := p.(*program).m.Function(name); err != nil {
					t.Fatalf("%s: %v", src.Name, err)
				}
			}
		}
		return time.Since(start)
	}
	forget()
	before := cache.Loads()
	cold := build()
	if got := cache.Loads() - before; got != 0 {
		t.Fatalf("an empty cache loaded %d programs", got)
	}
	forget()
	warm := build()
	if got, want := cache.Loads()-before, int64(len(gpu.Sources())); got != want {
		t.Fatalf("the second start loaded %d of %d programs from the cache", got, want)
	}
	t.Logf("%d sources on %s, driver %s, %s: compiled %v, from the cache %v", len(gpu.Sources()), d.Name, d.driver(), d.CompilePath(), cold.Round(time.Millisecond), warm.Round(time.Millisecond))

	c := cache.Shared()
	bins, _ := filepath.Glob(filepath.Join(c.Path(), "bin", "*.bin"))
	if len(bins) != len(gpu.Sources()) {
		t.Fatalf("%d binaries in the cache, want %d", len(bins), len(gpu.Sources()))
	}
	for _, b := range bins {
		os.WriteFile(b, []byte("garbage"), 0o644)
	}
	forget()
	build()
	if probs, err := c.Verify(); err != nil || len(probs) != 0 {
		t.Errorf("the rebuilt entries are still bad: %v %v", probs, err)
	}
}
