// Package cuda is kernreg's CUDA device: the driver API bound at run time with purego
// (dlopen of libcuda.so.1, no cgo), device discovery, the primary context, device memory,
// modules loaded from PTX or cubins, and kernel launches.
//
// A machine without the driver or without a device is not an error until something asks
// for CUDA: Devices returns the reason, which the registry reports as the backend's
// unavailability.
//
// Every driver call's CUresult is checked and turned into an *Error that names the call
// and the result (cuda: cuMemAlloc failed (CUDA_ERROR_OUT_OF_MEMORY)). Go memory handed to
// the driver is pinned for the call; transfers into Go memory are blocking, and copies of
// 16 MiB or more page-lock the Go memory for their duration (TransferMode).
//
// Each kernel source is compiled into a cubin for the device once, and the cubin kept in
// the kernel cache (package cache) under the device's compute capability and the driver
// release, so that later processes load it without compiling. Where a libnvrtc that
// knows the device's architecture loads at run time (NVRTC 11.1 or newer; found as the
// ahead-of-time compiler is, or named by KERNREG_LIBNVRTC), NVRTC compiles the very
// source the embedded PTX was made from, with the same options, for the device's own
// architecture (sm_90 on an H100); otherwise the driver's JIT linker compiles the
// embedded compute_70 PTX. KERNREG_CUDA_COMPILE chooses: auto (the default), ptx (always
// the embedded PTX) or nvrtc (NVRTC or an error saying why not). Device.CompilePath, and
// 'kernreg devices', say which path runs. The two paths' cubins have different cache
// keys; in auto mode a source NVRTC fails on falls back to the embedded PTX. Either way
// the embedded PTX must be current (Build refuses a stale one). Device memory released by
// kernreg is pooled per size (PoolLimit).
//
// The package also registers direct converters between cuda and opencl memory
// (bridge.go), here rather than in a package of their own so that every program linking
// this one has them; they reach the OpenCL side only through kernels/gpu's interfaces,
// so neither backend imports the other. They copy in chunks through two page-locked
// buffers of StagingChunk bytes made with cuMemHostAlloc on first use and kept, with
// their stream, until the process ends; the CUDA copy of one chunk is queued while the
// OpenCL copy of the next runs. Arrays under 1 MiB go through one Go buffer instead.
package cuda
