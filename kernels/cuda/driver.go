package cuda

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"unsafe"

	"github.com/kernreg/kernreg/internal/dl"
)

// result is a CUresult.
type result int32

// The CUDA driver API, bound at run time from libcuda.so.1. Every C signature of the
// driver that kernreg calls is declared here and nowhere else; the _v2 entry points are
// the ones cuda.h maps the plain names to.
var drv struct {
	cuInit                    func(flags uint32) result
	cuDriverGetVersion        func(v *int32) result
	cuDeviceGetCount          func(n *int32) result
	cuDeviceGet               func(dev *int32, ordinal int32) result
	cuDeviceGetName           func(name *byte, n int32, dev int32) result
	cuDeviceGetAttribute      func(v *int32, attr int32, dev int32) result
	cuDeviceTotalMem          func(bytes *uint64, dev int32) result
	cuDevicePrimaryCtxRetain  func(ctx *uintptr, dev int32) result
	cuDevicePrimaryCtxRelease func(dev int32) result
	cuCtxSetCurrent           func(ctx uintptr) result
	cuCtxSynchronize          func() result
	cuModuleLoadDataEx        func(mod *uintptr, image *byte, nopts uint32, opts *int32, vals *uintptr) result
	cuModuleGetFunction       func(fn *uintptr, mod uintptr, name *byte) result
	cuModuleUnload            func(mod uintptr) result
	cuLinkCreate              func(nopts uint32, opts *int32, vals *uintptr, state *uintptr) result
	cuLinkAddData             func(state uintptr, kind int32, data *byte, size uintptr, name *byte, nopts uint32, opts *int32, vals *uintptr) result
	cuLinkComplete            func(state uintptr, cubin *unsafe.Pointer, size *uintptr) result
	cuLinkDestroy             func(state uintptr) result
	cuLaunchKernel            func(f uintptr, gx, gy, gz, bx, by, bz, shmem uint32, stream uintptr, params *unsafe.Pointer, extra *unsafe.Pointer) result
	cuMemAlloc                func(ptr *uint64, size uint64) result
	cuMemFree                 func(ptr uint64) result
	cuMemGetInfo              func(free, total *uint64) result
	cuMemcpyHtoD              func(dst uint64, src unsafe.Pointer, n uint64) result
	cuMemcpyDtoH              func(dst unsafe.Pointer, src uint64, n uint64) result
	cuMemcpyDtoD              func(dst, src uint64, n uint64) result
	cuMemsetD32               func(dst uint64, v uint32, n uint64) result
	cuMemHostRegister         func(p unsafe.Pointer, n uint64, flags uint32) result
	cuMemHostUnregister       func(p unsafe.Pointer) result
	cuMemHostAlloc            func(p *unsafe.Pointer, n uint64, flags uint32) result
	cuMemFreeHost             func(p unsafe.Pointer) result
	cuMemcpyHtoDAsync         func(dst uint64, src unsafe.Pointer, n uint64, stream uintptr) result
	cuMemcpyDtoHAsync         func(dst unsafe.Pointer, src uint64, n uint64, stream uintptr) result
	cuStreamCreate            func(s *uintptr, flags uint32) result
	cuStreamSynchronize       func(s uintptr) result
	cuStreamDestroy           func(s uintptr) result
	cuEventCreate             func(e *uintptr, flags uint32) result
	cuEventRecord             func(e, s uintptr) result
	cuEventSynchronize        func(e uintptr) result
	cuEventElapsedTime        func(ms *float32, start, end uintptr) result
	cuEventDestroy            func(e uintptr) result
	cuGetErrorName            func(r result, s **byte) result
}

// symbols maps each function to its exported name in libcuda.
var symbols = []dl.Sym{
	{Fn: &drv.cuInit, Name: "cuInit"},
	{Fn: &drv.cuDriverGetVersion, Name: "cuDriverGetVersion"},
	{Fn: &drv.cuDeviceGetCount, Name: "cuDeviceGetCount"},
	{Fn: &drv.cuDeviceGet, Name: "cuDeviceGet"},
	{Fn: &drv.cuDeviceGetName, Name: "cuDeviceGetName"},
	{Fn: &drv.cuDeviceGetAttribute, Name: "cuDeviceGetAttribute"},
	{Fn: &drv.cuDeviceTotalMem, Name: "cuDeviceTotalMem_v2"},
	{Fn: &drv.cuDevicePrimaryCtxRetain, Name: "cuDevicePrimaryCtxRetain"},
	{Fn: &drv.cuDevicePrimaryCtxRelease, Name: "cuDevicePrimaryCtxRelease_v2"},
	{Fn: &drv.cuCtxSetCurrent, Name: "cuCtxSetCurrent"},
	{Fn: &drv.cuCtxSynchronize, Name: "cuCtxSynchronize"},
	{Fn: &drv.cuModuleLoadDataEx, Name: "cuModuleLoadDataEx"},
	{Fn: &drv.cuModuleGetFunction, Name: "cuModuleGetFunction"},
	{Fn: &drv.cuModuleUnload, Name: "cuModuleUnload"},
	{Fn: &drv.cuLinkCreate, Name: "cuLinkCreate_v2"},
	{Fn: &drv.cuLinkAddData, Name: "cuLinkAddData_v2"},
	{Fn: &drv.cuLinkComplete, Name: "cuLinkComplete"},
	{Fn: &drv.cuLinkDestroy, Name: "cuLinkDestroy"},
	{Fn: &drv.cuLaunchKernel, Name: "cuLaunchKernel"},
	{Fn: &drv.cuMemAlloc, Name: "cuMemAlloc_v2"},
	{Fn: &drv.cuMemFree, Name: "cuMemFree_v2"},
	{Fn: &drv.cuMemGetInfo, Name: "cuMemGetInfo_v2"},
	{Fn: &drv.cuMemcpyHtoD, Name: "cuMemcpyHtoD_v2"},
	{Fn: &drv.cuMemcpyDtoH, Name: "cuMemcpyDtoH_v2"},
	{Fn: &drv.cuMemcpyDtoD, Name: "cuMemcpyDtoD_v2"},
	{Fn: &drv.cuMemsetD32, Name: "cuMemsetD32_v2"},
	{Fn: &drv.cuMemHostRegister, Name: "cuMemHostRegister_v2"},
	{Fn: &drv.cuMemHostUnregister, Name: "cuMemHostUnregister"},
	{Fn: &drv.cuMemHostAlloc, Name: "cuMemHostAlloc"},
	{Fn: &drv.cuMemFreeHost, Name: "cuMemFreeHost"},
	{Fn: &drv.cuMemcpyHtoDAsync, Name: "cuMemcpyHtoDAsync_v2"},
	{Fn: &drv.cuMemcpyDtoHAsync, Name: "cuMemcpyDtoHAsync_v2"},
	{Fn: &drv.cuStreamCreate, Name: "cuStreamCreate"},
	{Fn: &drv.cuStreamSynchronize, Name: "cuStreamSynchronize"},
	{Fn: &drv.cuStreamDestroy, Name: "cuStreamDestroy_v2"},
	{Fn: &drv.cuEventCreate, Name: "cuEventCreate"},
	{Fn: &drv.cuEventRecord, Name: "cuEventRecord"},
	{Fn: &drv.cuEventSynchronize, Name: "cuEventSynchronize"},
	{Fn: &drv.cuEventElapsedTime, Name: "cuEventElapsedTime"},
	{Fn: &drv.cuEventDestroy, Name: "cuEventDestroy_v2"},
	{Fn: &drv.cuGetErrorName, Name: "cuGetErrorName"},
}

// libraryPaths are tried in order; KERNREG_LIBCUDA names another.
var libraryPaths = []string{"libcuda.so.1", "libcuda.so", "/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1"}

var (
	loadOnce sync.Once
	loadErr  error
)

// load binds the driver API and calls cuInit once per process. Its error is the reason
// the backend is unavailable.
func load() error {
	loadOnce.Do(func() { loadErr = bind() })
	return loadErr
}

func bind() error {
	paths := libraryPaths
	if p := os.Getenv("KERNREG_LIBCUDA"); p != "" {
		paths = []string{p}
	}
	lib, err := dl.Open(paths)
	if err != nil {
		return fmt.Errorf("cuda: no NVIDIA driver library: %w", err)
	}
	if name, err := dl.Bind(lib, symbols); err != nil {
		return fmt.Errorf("cuda: the driver library lacks %s (driver too old?): %w", name, err)
	}
	if err := check("cuInit", drv.cuInit(0)); err != nil {
		return err
	}
	return nil
}

// Error is a failed driver call.
type Error struct {
	Call   string // the driver function
	Result int32  // its CUresult
}

func (e *Error) Error() string {
	return fmt.Sprintf("cuda: %s failed (%s)", e.Call, resultName(result(e.Result)))
}

// ErrOutOfMemory is what a failed allocation wraps.
var ErrOutOfMemory = errors.New("out of device memory")

const (
	cudaSuccess         result = 0
	cudaErrOutOfMemory  result = 2
	cudaErrNoDevice     result = 100
	cudaErrInvalidPTX   result = 218
	cudaErrNotFound     result = 500
	cudaErrLaunchFailed result = 719
)

func check(call string, r result) error {
	if r == cudaSuccess {
		return nil
	}
	e := &Error{Call: call, Result: int32(r)}
	if r == cudaErrOutOfMemory {
		return fmt.Errorf("%w: %w", e, ErrOutOfMemory)
	}
	return e
}

// resultName is the CUresult's enum name, from the driver when it is loaded.
func resultName(r result) string {
	if drv.cuGetErrorName != nil {
		var s *byte
		if drv.cuGetErrorName(r, &s) == cudaSuccess && s != nil {
			return goString(s)
		}
	}
	if n, ok := knownResults[r]; ok {
		return n
	}
	return fmt.Sprintf("CUresult %d", int32(r))
}

var knownResults = map[result]string{
	cudaSuccess: "CUDA_SUCCESS", 1: "CUDA_ERROR_INVALID_VALUE", cudaErrOutOfMemory: "CUDA_ERROR_OUT_OF_MEMORY",
	3: "CUDA_ERROR_NOT_INITIALIZED", cudaErrNoDevice: "CUDA_ERROR_NO_DEVICE", 101: "CUDA_ERROR_INVALID_DEVICE",
	cudaErrInvalidPTX: "CUDA_ERROR_INVALID_PTX", cudaErrNotFound: "CUDA_ERROR_NOT_FOUND",
	cudaErrLaunchFailed: "CUDA_ERROR_LAUNCH_FAILED", 35: "CUDA_ERROR_INSUFFICIENT_DRIVER",
}

// goString copies a NUL-terminated C string.
func goString(p *byte) string {
	if p == nil {
		return ""
	}
	var b []byte
	for ptr := unsafe.Pointer(p); *(*byte)(ptr) != 0; ptr = unsafe.Add(ptr, 1) {
		b = append(b, *(*byte)(ptr))
	}
	return string(b)
}

// cString returns s as a NUL-terminated byte slice for C.
func cString(s string) []byte { return append([]byte(s), 0) }

// driverRelease is the NVIDIA driver's release ("580.159.04"): the version suffix of the
// libcuda this process loaded (from /proc/self/maps), else the kernel module's version;
// "" when neither is known.
func driverRelease() string {
	if maps, err := os.ReadFile("/proc/self/maps"); err == nil {
		if m := libcudaRe.FindSubmatch(maps); m != nil {
			return string(m[1])
		}
	}
	if v, err := os.ReadFile("/sys/module/nvidia/version"); err == nil {
		return strings.TrimSpace(string(v))
	}
	return ""
}

var libcudaRe = regexp.MustCompile(`libcuda\.so\.(\d+\.\d+(?:\.\d+)?)\s`)
