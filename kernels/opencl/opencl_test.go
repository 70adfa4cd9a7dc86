package opencl

import (
	"errors"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/internal/dl"
	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// device returns the process's OpenCL device, or skips the test with the reason.
func device(t *testing.T) *Device {
	t.Helper()
	d, err := Default()
	if err != nil {
		t.Skipf("no OpenCL device: %v", err)
	}
	return d
}

func TestSelect(t *testing.T) {
	devs := []Info{
		{ID: "1#0", Name: "Tesla X", Platform: "NVIDIA CUDA", Type: "GPU"},
		{ID: "1#1", Name: "Tesla X", Platform: "NVIDIA CUDA", Type: "GPU"},
		{ID: "0#0", Name: "pthread-skylake", Platform: "Portable Computing Language", Type: "CPU"},
	}
	for _, tc := range []struct{ spec, want, err string }{
		{"", "1#0", ""},
		{"1", "1#1", ""},
		{"1#1", "1#1", ""}, // two devices with one name stay distinguishable
		{"cpu", "0#0", ""},
		{"GPU", "1#0", ""},
		{"portable", "0#0", ""},
		{"tesla", "1#0", ""},
		{"3", "", "device 3 requested, but there are 3 device(s)"},
		{"radeon", "", `no device matches "radeon"; the devices are: 0: 1#0 Tesla X (NVIDIA CUDA, GPU); 1: 1#1 Tesla X`},
	} {
		d, err := Select(devs, tc.spec)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Select(%q) = %v, %v; want error %q", tc.spec, d.ID, err, tc.err)
			}
		case err != nil || d.ID != tc.want:
			t.Errorf("Select(%q) = %v, %v; want %s", tc.spec, d.ID, err, tc.want)
		}
	}
}

func TestNoLibrary(t *testing.T) {
	t.Setenv("KERNREG_LIBOPENCL", "/nonexistent/libOpenCL.so.1")
	_, err := dl.Open(libraryPaths())
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/libOpenCL.so.1") {
		t.Fatalf("dlopen of a missing library: %v", err)
	}
	// bind reports it as the backend's reason, with what to install.
	if err := bind(); err == nil || !strings.Contains(err.Error(), "opencl: no OpenCL library (install") {
		t.Errorf("bind: %v", err)
	}
}

func TestErrors(t *testing.T) {
	e := &Error{Call: "clBuildProgram", Status: int32(clBuildProgramFailure), Detail: "<source>:3:1: error: x"}
	if got := e.Error(); got != "opencl: clBuildProgram failed (CL_BUILD_PROGRAM_FAILURE): <source>:3:1: error: x" {
		t.Errorf("Error() = %q", got)
	}
	if errors.Is(e, ErrOutOfMemory) || !errors.Is(&Error{Call: "clCreateBuffer", Status: -4}, ErrOutOfMemory) {
		t.Error("errors.Is(ErrOutOfMemory) is wrong")
	}
	if statusName(-9999) != "OpenCL status -9999" || statusName(-1001) != "CL_PLATFORM_NOT_FOUND_KHR" {
		t.Error("statusName")
	}
}

func TestBuffers(t *testing.T) {
	d := device(t)
	b, err := d.Alloc(64)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	c, err := d.Alloc(64)
	if err != nil {
		t.Fatal(err)
	}
	in := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	if err := gpu.Upload(b, 0, in); err != nil {
		t.Fatal(err)
	}
	if err := d.Fill32(c, 0, 0x3f800000, 16); err != nil { // 1.0
		t.Fatal(err)
	}
	if err := d.Copy(c, 8, b, 4, 12); err != nil { // elements 1..3 of b to 2..4 of c
		t.Fatal(err)
	}
	out := make([]float32, 6)
	if err := gpu.Download(c, 0, out); err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 1, 2, 3, 4, 1}; !equal(out, want) {
		t.Errorf("fill + copy: got %v, want %v", out, want)
	}
	if err := d.Write(b, 60, make([]byte, 8)); err == nil || !strings.Contains(err.Error(), "overflows a buffer of 64 bytes") {
		t.Errorf("write past the end: %v", err)
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	if err := c.Release(); err != nil {
		t.Errorf("second release: %v", err)
	}
	if err := d.Read(c, 0, make([]byte, 4)); err == nil || !strings.Contains(err.Error(), "released buffer") {
		t.Errorf("read of a released buffer: %v", err)
	}
}

func TestOutOfMemory(t *testing.T) {
	d := device(t)
	_, err := d.Alloc(int64(d.MaxAlloc) + 4)
	if !errors.Is(err, ErrOutOfMemory) || !strings.Contains(err.Error(), "CL_DEVICE_MAX_MEM_ALLOC_SIZE") {
		t.Errorf("allocation beyond the largest buffer: %v", err)
	}
	// Through the registry: a 4 GiB array is refused with the device named.
	shape := registry.Shape{1 << 10, 1 << 10, 1 << 10}
	if uint64(shape.Len())*4 > d.MaxAlloc {
		_, err := registry.Alloc(registry.OpenCL, registry.Float32, shape)
		if err == nil || !strings.Contains(err.Error(), "cannot allocate 4.0 GiB on opencl") {
			t.Errorf("registry.Alloc of %v: %v", shape, err)
		}
	}
}

// TestBuildFailure: a program that does not compile returns clBuildProgram's status and
// the compiler's log, which names the problem.
func TestBuildFailure(t *testing.T) {
	d := device(t)
	_, err := d.BuildText("broken.cl", Preamble+"\nKERNEL broken(GLOBAL float* x) { x[0] = undefined_thing; }\n")
	if err == nil {
		t.Fatal("broken program built")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "opencl: clBuildProgram failed (CL_BUILD_PROGRAM_FAILURE): ") || !strings.Contains(msg, "undefined_thing") {
		t.Errorf("build error without the log: %v", err)
	}
}

// TestLaunchErrors: arguments OpenCL rejects, and unknown kernels, are errors naming the
// kernel and the argument.
func TestLaunchErrors(t *testing.T) {
	d := device(t)
	p, err := d.BuildText("ok.cl", Preamble+"\nKERNEL fill(GLOBAL float* x, int n, float v) { int i = GID(0); if (i < n) x[i] = v; }\n")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release()
	b, _ := d.Alloc(16)
	defer b.Release()
	if n, err := p.NumArgs("fill"); err != nil || n != 3 {
		t.Errorf("NumArgs = %d, %v", n, err)
	}
	if _, err := p.NumArgs("nope"); err == nil || !strings.Contains(err.Error(), "CL_INVALID_KERNEL_NAME") {
		t.Errorf("unknown kernel: %v", err)
	}
	// A double where the kernel takes an int: OpenCL checks the size.
	if err := p.Launch("fill", []int{4}, nil, b, 2.5, float32(1)); err == nil || !strings.Contains(err.Error(), "argument 1 of fill") {
		t.Errorf("wrong argument size: %v", err)
	}
	if err := p.Launch("fill", []int{4}, nil, b, "four", float32(1)); err == nil || !strings.Contains(err.Error(), "unsupported type string") {
		t.Errorf("unsupported argument: %v", err)
	}
	if err := p.Launch("fill", []int{4}, nil, b, int32(4), float32(7)); err != nil {
		t.Fatal(err)
	}
	out := make([]float32, 4)
	if err := gpu.Download(b, 0, out); err != nil || !equal(out, []float32{7, 7, 7, 7}) {
		t.Errorf("fill: %v, %v", out, err)
	}
}

// TestBackendDevices: the registry backend lists the devices with the one in use marked.
func TestBackendDevices(t *testing.T) {
	d := device(t)
	var b *registry.Backend
	for _, x := range registry.Backends() {
		if x.Name == "opencl" {
			b = x
		}
	}
	if b == nil || b.Available() != nil {
		t.Fatalf("opencl backend: %+v", b)
	}
	selected := 0
	for _, dev := range b.Devices() {
		if dev.Selected {
			selected++
			if dev.ID != d.ID || dev.Name != d.Name || dev.Version == "" || dev.Driver == "" || dev.MemoryB == 0 {
				t.Errorf("selected device %+v, want %s", dev, d)
			}
		}
	}
	if selected != 1 {
		t.Errorf("%d devices marked selected", selected)
	}
	if err := SetDevice(d.ID); err != nil {
		t.Errorf("selecting the device in use again: %v", err)
	}
}

func equal(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
