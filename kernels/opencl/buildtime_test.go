package opencl_test

import (
	"testing"
	"time"

	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/kernels/opencl"
)

// TestBuildTimes builds every kernel source on a fresh context and logs the time each
// takes: PoCL's own on-disk cache (POCL_CACHE_DIR) decides between a cold and a warm
// build. Run with -v to see the numbers.
func TestBuildTimes(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement; run without -short")
	}
	d := needDevice(t)
	fresh, err := opencl.Open(d.Info)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	total := time.Duration(0)
	for _, s := range gpu.Sources() {
		t0 := time.Now()
		p, err := fresh.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		dt := time.Since(t0)
		total += dt
		t.Logf("%-16s %v", s.Name, dt.Round(time.Millisecond))
		p.(*opencl.Program).Release()
	}
	t.Logf("all sources: %v", total.Round(time.Millisecond))
}
