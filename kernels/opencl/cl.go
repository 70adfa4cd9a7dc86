package opencl

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"github.com/kernreg/kernreg/internal/dl"
)

// status is a cl_int return value or error code.
type status int32

// The OpenCL API, bound at run time from the ICD loader (libOpenCL.so.1). Every C
// signature kernreg calls is declared here and nowhere else. Handles (cl_platform_id,
// cl_context, cl_mem, ...) are uintptr; size_t is uintptr; cl_bitfield is uint64.
var cl struct {
	clGetPlatformIDs          func(n uint32, platforms *uintptr, count *uint32) status
	clGetPlatformInfo         func(p uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clGetDeviceIDs            func(p uintptr, typ uint64, n uint32, devices *uintptr, count *uint32) status
	clGetDeviceInfo           func(d uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clCreateContext           func(props *uintptr, n uint32, devices *uintptr, notify, user uintptr, err *status) uintptr
	clReleaseContext          func(c uintptr) status
	clCreateCommandQueue      func(c, d uintptr, props uint64, err *status) uintptr
	clReleaseCommandQueue     func(q uintptr) status
	clCreateBuffer            func(c uintptr, flags uint64, size uintptr, host unsafe.Pointer, err *status) uintptr
	clReleaseMemObject        func(m uintptr) status
	clEnqueueWriteBuffer      func(q, m uintptr, blocking uint32, off, size uintptr, ptr unsafe.Pointer, nev uint32, evs, ev *uintptr) status
	clEnqueueReadBuffer       func(q, m uintptr, blocking uint32, off, size uintptr, ptr unsafe.Pointer, nev uint32, evs, ev *uintptr) status
	clEnqueueCopyBuffer       func(q, src, dst uintptr, srcOff, dstOff, size uintptr, nev uint32, evs, ev *uintptr) status
	clEnqueueFillBuffer       func(q, m uintptr, pattern unsafe.Pointer, psize, off, size uintptr, nev uint32, evs, ev *uintptr) status
	clCreateProgramWithSource func(c uintptr, n uint32, src **byte, lens *uintptr, err *status) uintptr
	clBuildProgram            func(p uintptr, n uint32, devices *uintptr, options *byte, notify, user uintptr) status
	clCreateProgramWithBinary func(c uintptr, n uint32, devices *uintptr, lengths *uintptr, binaries **byte, binStatus *int32, err *status) uintptr
	clGetProgramInfo          func(p uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clGetProgramBuildInfo     func(p, d uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clReleaseProgram          func(p uintptr) status
	clCreateKernel            func(p uintptr, name *byte, err *status) uintptr
	clGetKernelInfo           func(k uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clGetKernelWorkGroupInfo  func(k, d uintptr, param uint32, size uintptr, value unsafe.Pointer, ret *uintptr) status
	clReleaseKernel           func(k uintptr) status
	clSetKernelArg            func(k uintptr, index uint32, size uintptr, value unsafe.Pointer) status
	clEnqueueNDRangeKernel    func(q, k uintptr, dim uint32, offset, global, local *uintptr, nev uint32, evs, ev *uintptr) status
	clFlush                   func(q uintptr) status
	clFinish                  func(q uintptr) status
}

// symbols maps each function to its exported name in the ICD loader.
var symbols = []dl.Sym{
	{Fn: &cl.clGetPlatformIDs, Name: "clGetPlatformIDs"},
	{Fn: &cl.clGetPlatformInfo, Name: "clGetPlatformInfo"},
	{Fn: &cl.clGetDeviceIDs, Name: "clGetDeviceIDs"},
	{Fn: &cl.clGetDeviceInfo, Name: "clGetDeviceInfo"},
	{Fn: &cl.clCreateContext, Name: "clCreateContext"},
	{Fn: &cl.clReleaseContext, Name: "clReleaseContext"},
	{Fn: &cl.clCreateCommandQueue, Name: "clCreateCommandQueue"},
	{Fn: &cl.clReleaseCommandQueue, Name: "clReleaseCommandQueue"},
	{Fn: &cl.clCreateBuffer, Name: "clCreateBuffer"},
	{Fn: &cl.clReleaseMemObject, Name: "clReleaseMemObject"},
	{Fn: &cl.clEnqueueWriteBuffer, Name: "clEnqueueWriteBuffer"},
	{Fn: &cl.clEnqueueReadBuffer, Name: "clEnqueueReadBuffer"},
	{Fn: &cl.clEnqueueCopyBuffer, Name: "clEnqueueCopyBuffer"},
	{Fn: &cl.clEnqueueFillBuffer, Name: "clEnqueueFillBuffer"},
	{Fn: &cl.clCreateProgramWithSource, Name: "clCreateProgramWithSource"},
	{Fn: &cl.clBuildProgram, Name: "clBuildProgram"},
	{Fn: &cl.clCreateProgramWithBinary, Name: "clCreateProgramWithBinary"},
	{Fn: &cl.clGetProgramInfo, Name: "clGetProgramInfo"},
	{Fn: &cl.clGetProgramBuildInfo, Name: "clGetProgramBuildInfo"},
	{Fn: &cl.clReleaseProgram, Name: "clReleaseProgram"},
	{Fn: &cl.clCreateKernel, Name: "clCreateKernel"},
	{Fn: &cl.clGetKernelInfo, Name: "clGetKernelInfo"},
	{Fn: &cl.clGetKernelWorkGroupInfo, Name: "clGetKernelWorkGroupInfo"},
	{Fn: &cl.clReleaseKernel, Name: "clReleaseKernel"},
	{Fn: &cl.clSetKernelArg, Name: "clSetKernelArg"},
	{Fn: &cl.clEnqueueNDRangeKernel, Name: "clEnqueueNDRangeKernel"},
	{Fn: &cl.clFlush, Name: "clFlush"},
	{Fn: &cl.clFinish, Name: "clFinish"},
}

// The cl.h constants kernreg uses.
const (
	clDeviceTypeCPU         = 1 << 1
	clDeviceTypeGPU         = 1 << 2
	clDeviceTypeAccelerator = 1 << 3
	clDeviceTypeAll         = 0xFFFFFFFF

	clPlatformName    = 0x0902
	clPlatformVendor  = 0x0903
	clPlatformVersion = 0x0901

	clDeviceType             = 0x1000
	clDeviceMaxComputeUnits  = 0x1002
	clDeviceMaxWorkGroupSize = 0x1004
	clDeviceSingleFPConfig   = 0x101B
	clDeviceGlobalMemSize    = 0x101F
	clDeviceMaxMemAllocSize  = 0x1010
	clDeviceAvailable        = 0x1027
	clDeviceCompilerAvail    = 0x1028
	clDeviceName             = 0x102B
	clDeviceVendor           = 0x102C
	clDriverVersion          = 0x102D
	clDeviceVersion          = 0x102F
	clDeviceExtensions       = 0x1030
	clDeviceDoubleFPConfig   = 0x1032
	clDeviceLocalMemSize     = 0x1023

	clFPCorrectlyRoundedDivideSqrt = 1 << 7

	clMemReadWrite = 1 << 0

	clProgramBuildLog   = 0x1183
	clKernelNumArgs     = 0x1191
	clKernelWorkGroupSz = 0x11B0
)

// libraryPaths are tried in order; KERNREG_LIBOPENCL names another. The CUDA toolkit's
// loader is the last resort on machines whose NVIDIA driver ships no ICD loader of its own.
func libraryPaths() []string {
	if p := os.Getenv("KERNREG_LIBOPENCL"); p != "" {
		return []string{p}
	}
	paths := []string{"libOpenCL.so.1", "libOpenCL.so"}
	extra, _ := filepath.Glob("/usr/local/cuda*/targets/*/lib/libOpenCL.so.1")
	return append(paths, extra...)
}

var (
	loadOnce sync.Once
	loadErr  error
)

// load binds the API once per process. Its error is the reason the backend is unavailable.
func load() error {
	loadOnce.Do(func() { loadErr = bind() })
	return loadErr
}

func bind() error {
	paths := libraryPaths()
	lib, err := dl.Open(paths)
	if err != nil {
		return fmt.Errorf("opencl: no OpenCL library (install an ICD loader and a driver, e.g. ocl-icd-libopencl1 and pocl-opencl-icd): %w", err)
	}
	if name, err := dl.Bind(lib, symbols); err != nil {
		return fmt.Errorf("opencl: the OpenCL library lacks %s (OpenCL 1.2 is required): %w", name, err)
	}
	return nil
}
