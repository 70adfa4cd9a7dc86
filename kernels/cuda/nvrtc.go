package cuda

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/kernreg/kernreg/internal/dl"
)

// NVRTC, bound at run time like the driver. kernreg uses it ahead of time to turn the
// shared GPU kernel sources into the PTX it embeds (Debian's libnvrtc11.2, CUDA 11.8), and
// optionally at run time to compile for the device's own architecture.
var rtc struct {
	nvrtcVersion           func(major, minor *int32) int32
	nvrtcCreateProgram     func(prog *uintptr, src *byte, name *byte, nheaders int32, headers, includeNames **byte) int32
	nvrtcCompileProgram    func(prog uintptr, nopts int32, opts **byte) int32
	nvrtcGetPTXSize        func(prog uintptr, n *uint64) int32
	nvrtcGetPTX            func(prog uintptr, ptx *byte) int32
	nvrtcGetProgramLogSize func(prog uintptr, n *uint64) int32
	nvrtcGetProgramLog     func(prog uintptr, log *byte) int32
	nvrtcDestroyProgram    func(prog *uintptr) int32
	nvrtcGetErrorString    func(r int32) *byte

	// Optional: nil where the loaded NVRTC predates them. Cubins for a real architecture
	// came in 11.1, the list of architectures NVRTC can target in 11.2.
	nvrtcGetCUBINSize         func(prog uintptr, n *uint64) int32
	nvrtcGetCUBIN             func(prog uintptr, cubin *byte) int32
	nvrtcGetNumSupportedArchs func(n *int32) int32
	nvrtcGetSupportedArchs    func(archs *int32) int32
}

var nvrtcPaths = []string{"libnvrtc.so.11.2", "libnvrtc.so.12", "libnvrtc.so.13", "libnvrtc.so"}

var (
	rtcOnce sync.Once
	rtcErr  error
)

func loadNVRTC() error {
	rtcOnce.Do(func() {
		paths := nvrtcPaths
		if p := os.Getenv("KERNREG_LIBNVRTC"); p != "" {
			paths = []string{p}
		}
		lib, err := dl.Open(paths)
		if err != nil {
			rtcErr = fmt.Errorf("nvrtc: no libnvrtc (Debian: libnvrtc11.2 and libnvrtc-builtins11.8 from non-free): %w", err)
			return
		}
		if name, err := dl.Bind(lib, []dl.Sym{
			{Fn: &rtc.nvrtcVersion, Name: "nvrtcVersion"},
			{Fn: &rtc.nvrtcCreateProgram, Name: "nvrtcCreateProgram"},
			{Fn: &rtc.nvrtcCompileProgram, Name: "nvrtcCompileProgram"},
			{Fn: &rtc.nvrtcGetPTXSize, Name: "nvrtcGetPTXSize"},
			{Fn: &rtc.nvrtcGetPTX, Name: "nvrtcGetPTX"},
			{Fn: &rtc.nvrtcGetProgramLogSize, Name: "nvrtcGetProgramLogSize"},
			{Fn: &rtc.nvrtcGetProgramLog, Name: "nvrtcGetProgramLog"},
			{Fn: &rtc.nvrtcDestroyProgram, Name: "nvrtcDestroyProgram"},
			{Fn: &rtc.nvrtcGetErrorString, Name: "nvrtcGetErrorString"},
		}); err != nil {
			rtcErr = fmt.Errorf("nvrtc: %s missing: %w", name, err)
			return
		}
		if _, err := dl.Bind(lib, []dl.Sym{
			{Fn: &rtc.nvrtcGetCUBINSize, Name: "nvrtcGetCUBINSize"},
			{Fn: &rtc.nvrtcGetCUBIN, Name: "nvrtcGetCUBIN"},
		}); err != nil {
			rtc.nvrtcGetCUBINSize, rtc.nvrtcGetCUBIN = nil, nil
		}
		if _, err := dl.Bind(lib, []dl.Sym{
			{Fn: &rtc.nvrtcGetNumSupportedArchs, Name: "nvrtcGetNumSupportedArchs"},
			{Fn: &rtc.nvrtcGetSupportedArchs, Name: "nvrtcGetSupportedArchs"},
		}); err != nil {
			rtc.nvrtcGetNumSupportedArchs, rtc.nvrtcGetSupportedArchs = nil, nil
		}
	})
	return rtcErr
}

// NVRTCVersion returns the loaded NVRTC's version, e.g. "11.8".
func NVRTCVersion() (string, error) {
	if err := loadNVRTC(); err != nil {
		return "", err
	}
	var major, minor int32
	if r := rtc.nvrtcVersion(&major, &minor); r != 0 {
		return "", rtcError("nvrtcVersion", r)
	}
	return fmt.Sprintf("%d.%d", major, minor), nil
}

func rtcError(call string, r int32) error {
	return fmt.Errorf("nvrtc: %s failed (%s)", call, goString(rtc.nvrtcGetErrorString(r)))
}

// CompilePTX compiles CUDA C source to PTX for arch (e.g. "compute_70"). A compile error
// returns NVRTC's log.
func CompilePTX(name, src, arch string, extraOpts ...string) ([]byte, error) {
	var ptx []byte
	err := compile(name, src, arch, extraOpts, func(prog uintptr) error {
		var n uint64
		if r := rtc.nvrtcGetPTXSize(prog, &n); r != 0 {
			return rtcError("nvrtcGetPTXSize", r)
		}
		ptx = make([]byte, n)
		if r := rtc.nvrtcGetPTX(prog, (*byte)(unsafe.Pointer(&ptx[0]))); r != 0 {
			return rtcError("nvrtcGetPTX", r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return []byte(strings.TrimRight(string(ptx), "\x00")), nil
}

// CompileCUBIN compiles CUDA C source to a cubin for a real architecture (e.g. "sm_90"),
// which the driver loads without compiling. It needs NVRTC 11.1 or newer, and an NVRTC
// that knows arch: an older one is an error naming the architectures it does know.
func CompileCUBIN(name, src, arch string, extraOpts ...string) ([]byte, error) {
	if err := loadNVRTC(); err != nil {
		return nil, err
	}
	if err := canTarget(arch); err != nil {
		return nil, err
	}
	var cubin []byte
	err := compile(name, src, arch, extraOpts, func(prog uintptr) error {
		var n uint64
		if r := rtc.nvrtcGetCUBINSize(prog, &n); r != 0 {
			return rtcError("nvrtcGetCUBINSize", r)
		}
		if n == 0 {
			return fmt.Errorf("nvrtc: no cubin for %s (is %s a real architecture, sm_XY?)", name, arch)
		}
		cubin = make([]byte, n)
		if r := rtc.nvrtcGetCUBIN(prog, &cubin[0]); r != 0 {
			return rtcError("nvrtcGetCUBIN", r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compiling %s for %s: %w", name, arch, err)
	}
	return cubin, nil
}

// canTarget reports whether the loaded NVRTC can make a cubin for arch ("sm_90"), as far
// as it can tell without compiling: whether it has nvrtcGetCUBIN, and whether arch is
// among the architectures it lists (NVRTC 11.2 and newer list them).
func canTarget(arch string) error {
	v, err := NVRTCVersion()
	if err != nil {
		return err
	}
	if rtc.nvrtcGetCUBIN == nil {
		return fmt.Errorf("nvrtc: NVRTC %s cannot make cubins (nvrtcGetCUBIN came in 11.1)", v)
	}
	m := realArchRe.FindStringSubmatch(arch)
	if m == nil {
		return fmt.Errorf("nvrtc: %q is not a real architecture (sm_XY)", arch)
	}
	sm, _ := strconv.Atoi(m[1])
	archs, err := SupportedArchs()
	if err != nil || archs == nil {
		return err // an NVRTC before 11.2: only compiling tells
	}
	if !slices.Contains(archs, sm) {
		return fmt.Errorf("nvrtc: NVRTC %s cannot compile for %s: it targets sm_%d to sm_%d", v, arch, archs[0], archs[len(archs)-1])
	}
	return nil
}

var realArchRe = regexp.MustCompile(`^sm_(\d+)[a-z]?$`)

// SupportedArchs lists the architectures the loaded NVRTC can compile for, ascending
// (70 for sm_70); nil, without an error, for an NVRTC older than 11.2, which cannot say.
func SupportedArchs() ([]int, error) {
	if err := loadNVRTC(); err != nil {
		return nil, err
	}
	if rtc.nvrtcGetSupportedArchs == nil {
		return nil, nil
	}
	var n int32
	if r := rtc.nvrtcGetNumSupportedArchs(&n); r != 0 {
		return nil, rtcError("nvrtcGetNumSupportedArchs", r)
	}
	if n <= 0 {
		return nil, fmt.Errorf("nvrtc: nvrtcGetNumSupportedArchs gave %d", n)
	}
	archs := make([]int32, n)
	if r := rtc.nvrtcGetSupportedArchs(&archs[0]); r != 0 {
		return nil, rtcError("nvrtcGetSupportedArchs", r)
	}
	out := make([]int, n)
	for i, a := range archs {
		out[i] = int(a)
	}
	slices.Sort(out)
	return out, nil
}

// compile runs NVRTC on src for arch with --std=c++11 and extraOpts, then hands the
// compiled program to result, which reads what it needs from it. A compile error returns
// NVRTC's log.
func compile(name, src, arch string, extraOpts []string, result func(prog uintptr) error) error {
	if err := loadNVRTC(); err != nil {
		return err
	}
	csrc, cname := cString(src), cString(name)
	var prog uintptr
	if r := rtc.nvrtcCreateProgram(&prog, &csrc[0], &cname[0], 0, nil, nil); r != 0 {
		return rtcError("nvrtcCreateProgram", r)
	}
	defer rtc.nvrtcDestroyProgram(&prog)
	opts := append([]string{"--gpu-architecture=" + arch, "--std=c++11"}, extraOpts...)
	cbufs := make([][]byte, len(opts))
	cptrs := make([]*byte, len(opts))
	for i, o := range opts {
		cbufs[i] = cString(o)
		cptrs[i] = &cbufs[i][0]
	}
	if r := rtc.nvrtcCompileProgram(prog, int32(len(cptrs)), &cptrs[0]); r != 0 {
		return fmt.Errorf("%w:\n%s", rtcError("nvrtcCompileProgram", r), programLog(prog))
	}
	return result(prog)
}

func programLog(prog uintptr) string {
	var n uint64
	if rtc.nvrtcGetProgramLogSize(prog, &n) != 0 || n == 0 {
		return ""
	}
	buf := make([]byte, n)
	if rtc.nvrtcGetProgramLog(prog, &buf[0]) != 0 {
		return ""
	}
	return strings.TrimRight(string(buf), "\x00\n")
}
