package cuda

import (
	"fmt"
	"os"
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
	if err := loadNVRTC(); err != nil {
		return nil, err
	}
	csrc, cname := cString(src), cString(name)
	var prog uintptr
	if r := rtc.nvrtcCreateProgram(&prog, &csrc[0], &cname[0], 0, nil, nil); r != 0 {
		return nil, rtcError("nvrtcCreateProgram", r)
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
		return nil, fmt.Errorf("%w:\n%s", rtcError("nvrtcCompileProgram", r), programLog(prog))
	}
	var n uint64
	if r := rtc.nvrtcGetPTXSize(prog, &n); r != 0 {
		return nil, rtcError("nvrtcGetPTXSize", r)
	}
	ptx := make([]byte, n)
	if r := rtc.nvrtcGetPTX(prog, (*byte)(unsafe.Pointer(&ptx[0]))); r != 0 {
		return nil, rtcError("nvrtcGetPTX", r)
	}
	return []byte(strings.TrimRight(string(ptx), "\x00")), nil
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
