package cuda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/gpu"
)

// TestProbeNVRTC needs only libnvrtc: the probe accepts an architecture NVRTC lists, and
// refuses one newer than all it lists, saying which it knows.
func TestProbeNVRTC(t *testing.T) {
	v, archs := needNVRTC(t)
	arch := cubinArch(archs)
	got, err := probeNVRTC(arch)
	if err != nil || got.String() != "nvrtc "+v+" -> "+arch {
		t.Fatalf("probe of %s: %v, %v", arch, got, err)
	}
	if archs == nil {
		t.Skipf("NVRTC %s cannot list its architectures", v)
	}
	newer := fmt.Sprintf("sm_%d", archs[len(archs)-1]+1)
	_, err = probeNVRTC(newer)
	if want := fmt.Sprintf("cannot compile for %s: it targets sm_%d to sm_%d", newer, archs[0], archs[len(archs)-1]); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("probe of %s: got %v, want %q", newer, err, want)
	}
}

// TestCompileModeEnv: KERNREG_CUDA_COMPILE takes auto (also unset), ptx and nvrtc; any
// other value is an error naming the variable and the values it takes.
func TestCompileModeEnv(t *testing.T) {
	for s, want := range map[string]compileMode{"": compileAuto, "auto": compileAuto, "ptx": compilePTX, "nvrtc": compileNVRTC} {
		t.Setenv(CompileEnv, s)
		if got, err := compileModeEnv(); got != want || err != nil {
			t.Errorf("%s=%q: %q, %v", CompileEnv, s, got, err)
		}
	}
	t.Setenv(CompileEnv, "NVRTC")
	if _, err := compileModeEnv(); err == nil || !strings.Contains(err.Error(), `KERNREG_CUDA_COMPILE="NVRTC" is not one of auto, ptx, nvrtc`) {
		t.Errorf("unknown value: %v", err)
	}
}

// TestNVRTCProgramHash: the NVRTC path's cache keys differ from the PTX path's and from
// each other's across NVRTC versions and architectures.
func TestNVRTCProgramHash(t *testing.T) {
	seen := map[string]string{}
	for _, src := range gpu.Sources() {
		for _, k := range []struct{ what, key string }{
			{"ptx", ProgramHash(src)},
			{"nvrtc 11.8 sm_90", nvrtcTarget{"11.8", "sm_90"}.programHash(src)},
			{"nvrtc 13.0 sm_90", nvrtcTarget{"13.0", "sm_90"}.programHash(src)},
			{"nvrtc 13.0 sm_80", nvrtcTarget{"13.0", "sm_80"}.programHash(src)},
		} {
			id := src.Name + " " + k.what
			if other, dup := seen[k.key]; dup {
				t.Fatalf("%s and %s share a cache key", id, other)
			}
			seen[k.key] = id
		}
	}
}

// TestCompilePathWithoutDevice drives the path decision on devices that exist only as
// their compute capability (no driver call is made): the path each mode takes and how
// CompilePath reports it, and the error of KERNREG_CUDA_COMPILE=nvrtc where NVRTC cannot
// compile for the device.
func TestCompilePathWithoutDevice(t *testing.T) {
	src := elementwiseSource(t)
	future := &Device{Name: "future", Major: 99, Minor: 9, modules: map[string]*Module{}} // no NVRTC knows sm_999
	t.Setenv(CompileEnv, "ptx")
	if got, want := future.CompilePath(), "embedded PTX compute_70, driver JIT (KERNREG_CUDA_COMPILE=ptx)"; got != want {
		t.Errorf("ptx: CompilePath %q, want %q", got, want)
	}
	t.Setenv(CompileEnv, "auto")
	if got := future.CompilePath(); !strings.HasPrefix(got, "embedded PTX compute_70, driver JIT (nvrtc: ") {
		t.Errorf("auto on sm_999: CompilePath %q, want the embedded PTX and why", got)
	}
	t.Setenv(CompileEnv, "nvrtc")
	if got := future.CompilePath(); !strings.HasPrefix(got, "none: KERNREG_CUDA_COMPILE=nvrtc, but nvrtc: ") {
		t.Errorf("nvrtc on sm_999: CompilePath %q", got)
	}
	_, err := future.Build(src)
	if err == nil || !strings.Contains(err.Error(), "KERNREG_CUDA_COMPILE=nvrtc, but elementwise.cl cannot be compiled with NVRTC: nvrtc: ") {
		t.Fatalf("nvrtc on sm_999: Build gave %v, want why NVRTC cannot be used", err)
	}
	t.Log(err)
	t.Setenv(CompileEnv, "bogus")
	if _, err := future.Build(src); err == nil || !strings.Contains(err.Error(), "not one of auto, ptx, nvrtc") {
		t.Fatalf("bogus mode: Build gave %v", err)
	}

	v, archs := needNVRTC(t)
	arch := cubinArch(archs)
	var volta Device
	fmt.Sscanf(arch, "sm_%1d%d", &volta.Major, &volta.Minor)
	t.Setenv(CompileEnv, "")
	if got, want := volta.CompilePath(), "nvrtc "+v+" -> "+arch; got != want {
		t.Errorf("auto on %s: CompilePath %q, want %q", arch, got, want)
	}
}

func elementwiseSource(t testing.TB) *gpu.Source {
	t.Helper()
	for _, s := range gpu.Sources() {
		if s.Name == "elementwise.cl" {
			return s
		}
	}
	t.Fatal("no elementwise.cl among the GPU sources")
	return nil
}

// TestCompilePaths builds elementwise.cl with KERNREG_CUDA_COMPILE=nvrtc and =ptx on the
// device, runs its arithmetic kernels from both programs on the same inputs (normal,
// subnormal, huge, zero, infinite and NaN values) and requires bit-identical outputs:
// both are compiled without fused multiply-add from the same source. NaNs must agree on
// being NaN; their payloads are not arithmetic. Without a usable NVRTC it checks that
// nvrtc mode fails saying why, and skips the comparison.
func TestCompilePaths(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	src := elementwiseSource(t)
	build := func(mode string) *program {
		t.Helper()
		t.Setenv(CompileEnv, mode)
		p, err := d.Build(src)
		if err != nil {
			t.Fatalf("%s=%s: %v", CompileEnv, mode, err)
		}
		t.Logf("%s=%s on %s: %s", CompileEnv, mode, d.Name, d.CompilePath())
		return p.(*program)
	}
	if _, err := d.target(); err != nil {
		t.Setenv(CompileEnv, "nvrtc")
		if _, berr := d.Build(src); berr == nil || !strings.Contains(berr.Error(), CompileEnv+"=nvrtc") {
			t.Fatalf("nvrtc mode without a usable NVRTC: Build gave %v", berr)
		}
		t.Skipf("no NVRTC for %s: %v", d.Name, err)
	}
	viaNVRTC, viaPTX := build("nvrtc"), build("ptx")
	if viaNVRTC.m == viaPTX.m {
		t.Fatal("both modes loaded the same module")
	}

	const n = 1 << 16
	r := rand.New(rand.NewPCG(1, 2))
	special := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 0.5, 1e-40, -1e-45, 3e38, -3e38,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 2, 1e-20}
	a, b := make([]float32, n), make([]float32, n)
	for i := range a {
		if i < len(special)*len(special) {
			a[i], b[i] = special[i%len(special)], special[i/len(special)]
			continue
		}
		a[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10)))
		b[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10)))
	}
	upload := func(v []float32) *Buffer {
		buf, err := d.alloc(4 * n)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { buf.Release() })
		if err := Upload(buf, 0, v); err != nil {
			t.Fatal(err)
		}
		return buf
	}
	ba, bb, out := upload(a), upload(b), upload(make([]float32, n))
	run := func(p *program, kernel string, args ...any) []float32 {
		t.Helper()
		if err := p.Launch(kernel, []int{n}, nil, args...); err != nil {
			t.Fatalf("%s: %v", kernel, err)
		}
		got := make([]float32, n)
		if err := Download(out, 0, got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	binary := []string{"add_images", "subtract_images", "multiply_images", "divide_images", "maximum_images",
		"minimum_images", "roberts_magnitude", "absolute_difference", "squared_difference"}
	unary := map[string][]float32{"add_scalar": {0.1, -3e38}, "multiply_scalar": {0.1, 3}, "square_root": {0},
		"exponential": {0}, "logarithm": {0}, "power": {1, 2, 0.5, -1.5, 3}}
	type launch struct {
		name string
		args []any
	}
	var launches []launch
	for _, k := range binary {
		launches = append(launches, launch{k, []any{out, 0, ba, 0, bb, 0, n}})
	}
	for k, scalars := range unary {
		for _, s := range scalars {
			launches = append(launches, launch{fmt.Sprintf("%s(s=%g)", k, s), []any{out, 0, ba, 0, n, s}})
		}
	}
	for _, l := range launches {
		kernel, _, _ := strings.Cut(l.name, "(")
		want := run(viaPTX, kernel, l.args...)
		got := run(viaNVRTC, kernel, l.args...)
		for i := range got {
			g, w := got[i], want[i]
			if math.Float32bits(g) != math.Float32bits(w) && !(g != g && w != w) {
				t.Errorf("%s: element %d (a=%g b=%g): NVRTC %g (%#08x), embedded PTX %g (%#08x)", l.name, i, a[i], b[i], g, math.Float32bits(g), w, math.Float32bits(w))
				break
			}
		}
	}
	t.Logf("%d launches agree bit for bit", len(launches))
}
