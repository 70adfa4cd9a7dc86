package cuda

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/gpu"
	_ "github.com/kernreg/kernreg/kernels/opencl" // the other side of the cuda<->opencl converters
	"github.com/kernreg/kernreg/registry"
)

// needBridge skips, with the reason, unless both a CUDA and an OpenCL device are there.
func needBridge(tb testing.TB) *Device {
	tb.Helper()
	d, err := Default()
	if err != nil {
		tb.Skipf("no CUDA device: %v", err)
	}
	if _, err := gpu.MemoryDevice(registry.OpenCL); err != nil {
		tb.Skipf("no OpenCL device: %v", err)
	}
	return d
}

// randomArray makes a host array of random bits: every float32 bit pattern (NaN payloads,
// subnormals, infinities) must come back unchanged.
func randomArray(dt registry.DType, shape registry.Shape, seed uint64) *registry.Array {
	r := rand.New(rand.NewPCG(seed, uint64(shape.Len())))
	bits := make([]uint32, shape.Len())
	for i := range bits {
		bits[i] = r.Uint32()
	}
	if dt == registry.Uint32 {
		a, _ := registry.NewUint32(shape, bits)
		return a
	}
	f := make([]float32, len(bits))
	for i, b := range bits {
		f[i] = math.Float32frombits(b)
	}
	a, _ := registry.NewFloat32(shape, f)
	return a
}

// hostBits returns a host array's elements as bit patterns.
func hostBits(t *testing.T, a *registry.Array) []uint32 {
	t.Helper()
	if a.DType() == registry.Uint32 {
		v, err := a.Uint32s()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v, err := a.Float32s()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint32, len(v))
	for i, f := range v {
		out[i] = math.Float32bits(f)
	}
	return out
}

// sameArray fails unless got is want's dtype and shape in memory type m, with want's bits.
func sameArray(t *testing.T, step string, got *registry.Array, m registry.MemoryType, want []uint32, wantArr *registry.Array) {
	t.Helper()
	if got.Memory() != m || got.DType() != wantArr.DType() || !got.Shape().Equal(wantArr.Shape()) {
		t.Fatalf("%s: got %v, want %v %v in %s memory", step, got, wantArr.DType(), wantArr.Shape(), m)
	}
	h, err := registry.To(context.Background(), got, registry.Host)
	if err != nil {
		t.Fatalf("%s: reading back: %v", step, err)
	}
	bits := hostBits(t, h)
	for i := range want {
		if bits[i] != want[i] {
			t.Fatalf("%s: element %d of %d is %#08x, want %#08x", step, i, len(want), bits[i], want[i])
		}
	}
}

// TestCUDAOpenCLRoundTrip moves random arrays host -> cuda -> opencl -> cuda -> host with
// registry.To, which takes the direct converters, and checks every bit after each step:
// both dtypes; sizes under stagingMin (one Go buffer), of exactly one staging chunk, of
// several chunks with an odd tail (8 MiB + 3 elements), and a 3D volume. Slice 1 of each
// volume, a view at a nonzero offset, is converted from each side too. It skips without a
// CUDA or an OpenCL device.
func TestCUDAOpenCLRoundTrip(t *testing.T) {
	needBridge(t)
	ctx := context.Background()
	shapes := []registry.Shape{
		{3, 5},
		{255, 1023},    // just under stagingMin
		{2048, 1024},   // exactly one StagingChunk
		{1, 8<<20 + 3}, // 4 chunks and 12 bytes
		{5, 1031, 1031},
		{3, 1500, 1001},
	}
	for _, dt := range []registry.DType{registry.Float32, registry.Uint32} {
		for i, shape := range shapes {
			t.Run(fmt.Sprintf("%v/%v", dt, shape), func(t *testing.T) {
				h := randomArray(dt, shape, uint64(i))
				want := hostBits(t, h)
				c, err := registry.To(ctx, h, registry.CUDA)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Release()
				o, err := registry.To(ctx, c, registry.OpenCL)
				if err != nil {
					t.Fatal(err)
				}
				defer o.Release()
				sameArray(t, "cuda -> opencl", o, registry.OpenCL, want, h)
				c2, err := registry.To(ctx, o, registry.CUDA)
				if err != nil {
					t.Fatal(err)
				}
				defer c2.Release()
				sameArray(t, "opencl -> cuda", c2, registry.CUDA, want, h)
				if len(shape) != 3 {
					return
				}
				hs, _ := h.Slice(1)
				want = hostBits(t, hs)
				for _, from := range []*registry.Array{c, o} {
					to := other(from.Memory())
					s, err := from.Slice(1)
					if err != nil {
						t.Fatal(err)
					}
					out, err := registry.To(ctx, s, to)
					if err != nil {
						t.Fatal(err)
					}
					sameArray(t, fmt.Sprintf("slice 1 %s -> %s", from.Memory(), to), out, to, want, hs)
					out.Release()
				}
			})
		}
	}
}

// other is the device memory type a conversion from m goes to.
func other(m registry.MemoryType) registry.MemoryType {
	if m == registry.CUDA {
		return registry.OpenCL
	}
	return registry.CUDA
}

// TestCUDAOpenCLCancelled: a cancelled context converts nothing, in both directions.
func TestCUDAOpenCLCancelled(t *testing.T) {
	needBridge(t)
	ctx, cancel := context.WithCancel(context.Background())
	c, err := registry.To(ctx, randomArray(registry.Float32, registry.Shape{64, 64}, 1), registry.CUDA)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	o, err := registry.To(ctx, c, registry.OpenCL)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Release()
	cancel()
	for _, a := range []*registry.Array{c, o} {
		to := other(a.Memory())
		if out, err := registry.To(ctx, a, to); !errors.Is(err, context.Canceled) {
			t.Errorf("%v to %s with a cancelled context: %v, %v", a, to, out, err)
		}
	}
}

// TestFromOpenCLWithoutCUDA runs where OpenCL works and CUDA does not (PoCL on a machine
// without an NVIDIA driver): registry.To takes the direct converter, which fails naming
// the conversion and why CUDA is unavailable.
func TestFromOpenCLWithoutCUDA(t *testing.T) {
	if _, err := Default(); err == nil {
		t.Skip("a CUDA device is present: TestCUDAOpenCLRoundTrip covers the converters")
	}
	if _, err := gpu.MemoryDevice(registry.OpenCL); err != nil {
		t.Skipf("no OpenCL device: %v", err)
	}
	ctx := context.Background()
	o, err := registry.To(ctx, randomArray(registry.Uint32, registry.Shape{7, 9}, 2), registry.OpenCL)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Release()
	_, err = registry.To(ctx, o, registry.CUDA)
	_, cudaErr := Default()
	if err == nil || !strings.HasPrefix(err.Error(), "converting uint32 7x9 (opencl) to cuda memory: ") || !strings.Contains(err.Error(), cudaErr.Error()) {
		t.Fatalf("got %v, want the direct converter's error naming %q", err, cudaErr)
	}
}

// BenchmarkCUDAOpenCL times converting a 64 MiB float32 volume between cuda and opencl
// memory with the direct converters (direct) and through a host array, as registry.To did
// before them (via-host: registry.To to host, then to the other device). SetBytes: the
// MB/s is the array's size over the conversion time.
func BenchmarkCUDAOpenCL(b *testing.B) {
	needBridge(b)
	ctx := context.Background()
	h := randomArray(registry.Float32, registry.Shape{64, 512, 512}, 3)
	c, err := registry.To(ctx, h, registry.CUDA)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	o, err := registry.To(ctx, h, registry.OpenCL)
	if err != nil {
		b.Fatal(err)
	}
	defer o.Release()
	viaHost := func(a *registry.Array, m registry.MemoryType) (*registry.Array, error) {
		t, err := registry.To(ctx, a, registry.Host)
		if err != nil {
			return nil, err
		}
		defer t.Release()
		return registry.To(ctx, t, m)
	}
	direct := func(a *registry.Array, m registry.MemoryType) (*registry.Array, error) {
		return registry.To(ctx, a, m)
	}
	for _, dir := range []struct {
		name string
		src  *registry.Array
		to   registry.MemoryType
	}{{"cuda-to-opencl", c, registry.OpenCL}, {"opencl-to-cuda", o, registry.CUDA}} {
		for _, how := range []struct {
			name    string
			convert func(*registry.Array, registry.MemoryType) (*registry.Array, error)
		}{{"direct", direct}, {"via-host", viaHost}} {
			b.Run(dir.name+"/"+how.name, func(b *testing.B) {
				b.SetBytes(4 * int64(h.Len()))
				convert := func() {
					out, err := how.convert(dir.src, dir.to)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
				convert() // the staging buffers, the first allocations
				for b.Loop() {
					convert()
				}
			})
		}
	}
}
