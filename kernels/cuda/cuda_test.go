package cuda

import (
	"bytes"
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

var update = flag.Bool("update", false, "rewrite testdata/saxpy.ptx")

const saxpy = `extern "C" __global__ void saxpy(float *y, const float *x, float a, int n) {
	int i = blockIdx.x * blockDim.x + threadIdx.x;
	if (i < n) y[i] = a * x[i] + y[i];
}`

// TestCompilePTX needs only libnvrtc (no GPU): the source compiles to PTX for compute_70,
// and a broken source returns NVRTC's log.
func TestCompilePTX(t *testing.T) {
	v, err := NVRTCVersion()
	if err != nil {
		t.Skip(err)
	}
	if !strings.HasPrefix(v, "11.") {
		// kernreg's PTX comes from NVRTC 11.8 for compute_70, which CUDA 13 dropped.
		t.Skipf("NVRTC %s: the committed PTX is made with NVRTC 11.8", v)
	}
	ptx, err := CompilePTX("saxpy.cu", saxpy, "compute_70")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(ptx); !strings.Contains(s, ".target sm_70") || !strings.Contains(s, ".entry saxpy") {
		t.Fatalf("NVRTC %s: PTX lacks the target or the entry:\n%.400s", v, s)
	}
	if *update {
		if err := os.WriteFile("testdata/saxpy.ptx", ptx, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if old, err := os.ReadFile("testdata/saxpy.ptx"); err != nil || !bytes.Equal(old, ptx) {
		t.Errorf("testdata/saxpy.ptx is not NVRTC %s's output (run go test ./kernels/cuda -run TestCompilePTX -update): %v", v, err)
	}
	_, err = CompilePTX("broken.cu", "__global__ void f() { undefined_thing(); }", "compute_70")
	if err == nil || !strings.Contains(err.Error(), "undefined_thing") {
		t.Fatalf("broken source: got %v, want the compile log", err)
	}
}

// TestDeviceRoundTrip runs saxpy on the first CUDA device; it skips with the reason on a
// machine without the driver or a device.
func TestDeviceRoundTrip(t *testing.T) {
	devs, err := Devices()
	if err != nil {
		t.Skip(err)
	}
	d := devs[0]
	t.Logf("%s: compute %d.%d, %d SMs, %d MiB, driver %s", d.Name, d.Major, d.Minor, d.SMs, d.TotalMemory>>20, versionString(d.DriverVersion))
	ptx, err := os.ReadFile("testdata/saxpy.ptx") // made ahead of time, as kernreg's kernels are
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.LoadPTX("saxpy", ptx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := m.Function("saxpy")
	if err != nil {
		t.Fatal(err)
	}
	const n = 1000
	x, y := make([]float32, n), make([]float32, n)
	for i := range x {
		x[i], y[i] = float32(i), 1
	}
	bx, err := d.alloc(4 * n)
	if err != nil {
		t.Fatal(err)
	}
	defer bx.Release()
	by, _ := d.alloc(4 * n)
	defer by.Release()
	if err := Upload(bx, 0, x); err != nil {
		t.Fatal(err)
	}
	if err := Upload(by, 0, y); err != nil {
		t.Fatal(err)
	}
	if err := d.Launch(f, [3]uint32{(n + 127) / 128, 1, 1}, [3]uint32{128, 1, 1}, 0, by, bx, float32(2), n); err != nil {
		t.Fatal(err)
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := Download(by, 0, y); err != nil {
		t.Fatal(err)
	}
	for i := range y {
		if y[i] != 2*float32(i)+1 {
			t.Fatalf("y[%d] = %v, want %v", i, y[i], 2*float32(i)+1)
		}
	}
	if _, err := m.Function("nope"); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_NOT_FOUND") {
		t.Errorf("missing kernel: %v", err)
	}
	if _, err := d.alloc(1 << 50); err == nil || !strings.Contains(err.Error(), "OUT_OF_MEMORY") {
		t.Errorf("1 PiB allocation: %v, want an out-of-memory error", err)
	}
	if _, err := d.LoadPTX("bad", []byte("this is not ptx")); err == nil {
		t.Error("bad PTX loaded")
	}
}

// TestMemoryRoundTrip moves a strided view through cuda memory and back.
func TestMemoryRoundTrip(t *testing.T) {
	if err := registry.BackendStatus("cuda"); err != nil {
		if !strings.Contains(err.Error(), "unavailable") {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	ctx := context.Background()
	h, _ := registry.NewHost(registry.Float32, 3, 4, 5)
	d, _ := h.Float32s()
	for i := range d {
		d[i] = float32(i) * 0.5
	}
	slice, _ := h.Slice(1)
	dev, err := registry.To(ctx, slice, registry.CUDA)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Release()
	back, err := registry.To(ctx, dev, registry.Host)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := back.Float32s()
	want, _ := slice.Float32s()
	if back.Shape().String() != "4x5" || len(got) != len(want) || got[0] != want[0] || got[19] != want[19] {
		t.Fatalf("round trip of slice 1: %v %v, want %v", back.Shape(), got, want)
	}
	z, err := registry.Alloc(registry.CUDA, registry.Uint32, registry.Shape{7, 9})
	if err != nil {
		t.Fatal(err)
	}
	defer z.Release()
	zh, _ := registry.To(ctx, z, registry.Host)
	zs, _ := zh.Uint32s()
	for _, v := range zs {
		if v != 0 {
			t.Fatal("Alloc did not zero the array")
		}
	}
}

// TestMemPool: released buffers are reused by size, within the limit, and drained.
func TestMemPool(t *testing.T) {
	var p memPool
	if _, ok := p.take(64); ok {
		t.Fatal("empty pool gave a buffer")
	}
	old := PoolLimit
	PoolLimit = 100
	defer func() { PoolLimit = old }()
	if !p.put(1, 64) || p.put(2, 64) { // the second would pass the limit
		t.Fatal("pool limit not applied")
	}
	if ptr, ok := p.take(64); !ok || ptr != 1 {
		t.Fatalf("take(64) = %d, %v", ptr, ok)
	}
	if _, ok := p.take(32); ok {
		t.Fatal("a buffer of another size was reused")
	}
	p.put(3, 40)
	if ptrs, n := p.drain(); len(ptrs) != 1 || n != 40 || p.bytes != 0 {
		t.Fatalf("drain = %v %d", ptrs, n)
	}
}
