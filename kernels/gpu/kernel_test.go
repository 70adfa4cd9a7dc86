package gpu

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
	"github.com/kernreg/kernreg/registry"
)

// fakeDevice records builds and launches; its programs report each kernel's declared
// argument count, or wrong for every kernel when wrong is set.
type fakeDevice struct {
	mu       sync.Mutex
	builds   map[string]int
	launches []string
	wrong    int
	fp64     bool
}

type fakeBuffer struct {
	d *fakeDevice
	n int64
}

func (b *fakeBuffer) Memory() registry.MemoryType { return "fake" }
func (b *fakeBuffer) Len() int                    { return int(b.n / 4) }
func (b *fakeBuffer) Release() error              { return nil }
func (b *fakeBuffer) Device() Device              { return b.d }
func (b *fakeBuffer) Bytes() int64                { return b.n }

func (d *fakeDevice) String() string                                 { return "fake" }
func (d *fakeDevice) Float64() bool                                  { return d.fp64 }
func (d *fakeDevice) Alloc(n int64) (Buffer, error)                  { return &fakeBuffer{d, n}, nil }
func (d *fakeDevice) Write(Buffer, int64, []byte) error              { return nil }
func (d *fakeDevice) Read(Buffer, int64, []byte) error               { return nil }
func (d *fakeDevice) Copy(Buffer, int64, Buffer, int64, int64) error { return nil }
func (d *fakeDevice) Fill32(Buffer, int64, uint32, int64) error      { return nil }
func (d *fakeDevice) Finish() error                                  { return nil }
func (d *fakeDevice) Build(src *Source) (Program, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.builds == nil {
		d.builds = map[string]int{}
	}
	d.builds[src.Name]++
	return fakeProgram{d, src}, nil
}

type fakeProgram struct {
	d   *fakeDevice
	src *Source
}

func (p fakeProgram) NumArgs(name string) (int, error) {
	if p.d.wrong != 0 {
		return p.d.wrong, nil
	}
	for _, k := range p.src.kernels {
		if k.Name == name {
			return len(k.Args), nil
		}
	}
	return 0, fmt.Errorf("no kernel %s", name)
}
func (p fakeProgram) Launch(name string, global, _ []int, args ...any) error {
	p.d.mu.Lock()
	defer p.d.mu.Unlock()
	p.d.launches = append(p.d.launches, fmt.Sprintf("%s%v%T", name, global, args[len(args)-1]))
	return nil
}

// TestArgumentsCheckedBeforeLaunch: a wrong count, kind, range or device never reaches
// the backend.
func TestArgumentsCheckedBeforeLaunch(t *testing.T) {
	d := &fakeDevice{}
	other := &fakeDevice{}
	b, _ := d.Alloc(16)
	ob, _ := other.Alloc(16)
	for _, tc := range []struct {
		args []any
		want string
	}{
		{[]any{b, 0, b, 0, 4}, "takes 6 arguments, got 5"},
		{[]any{b, 0, b, 0, 4, 1.5}, "argument 5 is float64, want float"},
		{[]any{b, 0.0, b, 0, 4, float32(1)}, "argument 1 is float64, want int"},
		{[]any{b, 0, b, 1 << 40, 4, float32(1)}, "argument 3 is int 1099511627776 (beyond int32), want int"},
		{[]any{b, 0, "b", 0, 4, float32(1)}, "argument 2 is string, want buffer"},
		{[]any{b, 0, ob, 0, 4, float32(1)}, "argument 2 is a buffer of fake, the launch is on fake"},
	} {
		err := kAddScalar.Launch(d, []int{4}, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.args, err, tc.want)
		}
	}
	if len(d.launches) != 0 {
		t.Errorf("launches reached the device: %v", d.launches)
	}
	if err := kAddScalar.Launch(d, []int{0}, b, 0, b, 0, 0, float32(1)); err == nil {
		t.Error("empty global size accepted")
	}
}

// TestProgramsBuildOncePerSource: whatever the shapes and parameters, each source
// compiles once per device, concurrently used or not; Real arguments follow the device.
func TestProgramsBuildOncePerSource(t *testing.T) {
	d := &fakeDevice{}
	b, _ := d.Alloc(4 << 10)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := Array{View{Buf: b, Shape: []int{1 + i, 3}}}
			if err := AddImageAndScalar(v, v, cpu.AddScalarParams{Scalar: float64(i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if d.builds["elementwise.cl"] != 1 || len(d.launches) != 8 {
		t.Errorf("builds %v, launches %d", d.builds, len(d.launches))
	}
	// A Real is a double on a float64 device and a float elsewhere.
	for _, fp64 := range []bool{true, false} {
		d := &fakeDevice{fp64: fp64}
		b, _ := d.Alloc(1 << 10)
		v := Array{View{Buf: b, Shape: []int{4, 4}}}
		if err := Laplace(v, v, cpu.LaplaceParams{Mode: "constant", Cval: 0.5}); err != nil {
			t.Fatal(err)
		}
		want := "laplace[4 4 1]float32"
		if fp64 {
			want = "laplace[4 4 1]float64"
		}
		if len(d.launches) != 1 || d.launches[0] != want {
			t.Errorf("fp64 %v: launches %v, want %s", fp64, d.launches, want)
		}
	}
}

// TestDeclarationMismatch: a kernel whose source takes another number of arguments than
// its Go declaration fails at the first build, naming both counts.
func TestDeclarationMismatch(t *testing.T) {
	d := &fakeDevice{wrong: 5}
	b, _ := d.Alloc(16)
	err := kAddScalar.Launch(d, []int{4}, b, 0, b, 0, 4, float32(1))
	if err == nil || !strings.Contains(err.Error(), "takes 5 arguments in the source, ") {
		t.Errorf("got %v", err)
	}
}

// TestDialect: the shared sources use only the dialect, never OpenCL or CUDA spellings.
func TestDialect(t *testing.T) {
	banned := []string{"__kernel", "__global", "__local", "get_global_id", "get_local_id", "barrier(",
		"atomic_inc", "atomic_min", "atomic_cmpxchg", "atomicMin", "atomicCAS", "as_float", "as_uint", "__global__", "__shared__", "threadIdx", "blockIdx", "__syncthreads",
		"#pragma", "_Pragma", "__launch_bounds__", "cl_khr", "convert_", "native_", "half_"}
	for _, s := range Sources() {
		for _, w := range banned {
			if strings.Contains(s.Text, w) {
				t.Errorf("%s uses %q: write it with the dialect's macros", s.Name, w)
			}
		}
		if len(s.KernelNames()) == 0 {
			t.Errorf("%s declares no kernels in Go", s.Name)
		}
	}
}

// TestRankGroup: the rank kernels' work group keeps its tile (outputs extended by the
// window) within RANK_TILE, shrinking only as far as needed.
func TestRankGroup(t *testing.T) {
	for _, c := range []struct {
		shape, win [3]int
		want       []int
	}{
		{[3]int{64, 512, 512}, [3]int{5, 5, 5}, []int{32, 4, 2}},
		{[3]int{64, 512, 512}, [3]int{7, 7, 7}, []int{32, 4, 2}},
		{[3]int{1, 2048, 2048}, [3]int{1, 3, 3}, []int{32, 8, 1}},
		{[3]int{1, 1, 4096}, [3]int{1, 1, 343}, []int{256, 1, 1}},
		{[3]int{9, 23, 19}, [3]int{27, 1, 1}, []int{32, 2, 1}},
		{[3]int{1, 41, 37}, [3]int{1, 101, 3}, []int{16, 1, 1}},
		{[3]int{1, 400, 1}, [3]int{1, 343, 1}, []int{8, 1, 1}},
	} {
		if def := fmt.Sprintf("#define RANK_TILE %d\n", rankTile); !strings.Contains(srcMedian.Text, def) {
			t.Fatalf("src/median.cl lacks %q", def)
		}
		g := rankGroup(c.shape, c.win)
		if fmt.Sprint(g) != fmt.Sprint(c.want) {
			t.Errorf("shape %v window %v: group %v, want %v", c.shape, c.win, g, c.want)
		}
		if n := (g[0] + c.win[2] - 1) * (g[1] + c.win[1] - 1) * (g[2] + c.win[0] - 1); n > rankTile {
			t.Errorf("shape %v window %v: tile of %d values", c.shape, c.win, n)
		}
	}
}
