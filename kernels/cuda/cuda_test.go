package cuda

import (
	"bytes"
	"context"
	"flag"
	"fmt"
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

// BenchmarkTransfer times host<->device copies of 4, 16 and 64 MiB in each TransferMode
// (SetBytes: the reported MB/s is the transfer rate).
func BenchmarkTransfer(b *testing.B) {
	d, err := Default()
	if err != nil {
		b.Skipf("no CUDA device: %v", err)
	}
	defer func(m TransferMode) { Transfers = m }(Transfers)
	for _, mib := range []int{4, 16, 64} {
		host := make([]byte, mib<<20)
		for i := range host {
			host[i] = byte(i)
		}
		buf, err := d.alloc(uint64(len(host)))
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []TransferMode{Pageable, Registered} {
			Transfers = mode
			b.Run(fmt.Sprintf("%s/up/%dMiB", mode, mib), func(b *testing.B) {
				b.SetBytes(int64(len(host)))
				for b.Loop() {
					if err := Upload(buf, 0, host); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/down/%dMiB", mode, mib), func(b *testing.B) {
				b.SetBytes(int64(len(host)))
				for b.Loop() {
					if err := Download(buf, 0, host); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		buf.Release()
	}
}

// TestTransferModes: every TransferMode copies a 19 MiB + 12 byte pattern (over
// RegisterMin, not a whole number of pages) to an offset of a buffer and back.
func TestTransferModes(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	defer func(m TransferMode) { Transfers = m }(Transfers)
	n := 19<<20 + 12
	src := make([]byte, n)
	for i := range src {
		src[i] = byte(i*7 + i>>13)
	}
	buf, err := d.alloc(uint64(n + 64))
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Release()
	for _, mode := range []TransferMode{Pageable, Registered} {
		Transfers = mode
		if err := buf.fill32(0, 0, uint64(n+64)/4); err != nil {
			t.Fatal(err)
		}
		if err := Upload(buf, 64, src); err != nil {
			t.Fatalf("%s upload: %v", mode, err)
		}
		got := make([]byte, n)
		if err := Download(buf, 64, got); err != nil {
			t.Fatalf("%s download: %v", mode, err)
		}
		if !bytes.Equal(got, src) {
			i := 0
			for got[i] == src[i] {
				i++
			}
			t.Fatalf("%s: byte %d is %d, want %d", mode, i, got[i], src[i])
		}
	}
}
