// Package cuda is kernreg's CUDA device: the driver API bound at run time with purego
// (dlopen of libcuda.so.1, no cgo), device discovery, the primary context, device memory,
// modules loaded from PTX, and kernel launches.
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
// The package also registers direct converters between cuda and opencl memory
// (bridge.go), here rather than in a package of their own so that every program linking
// this one has them; they reach the OpenCL side only through kernels/gpu's interfaces,
// so neither backend imports the other. They copy in chunks through two page-locked
// buffers of StagingChunk bytes made with cuMemHostAlloc on first use and kept, with
// their stream, until the process ends; the CUDA copy of one chunk is queued while the
// OpenCL copy of the next runs. Arrays under 1 MiB go through one Go buffer instead.
//
// Each kernel source's embedded PTX is JIT-compiled by the driver's linker into a cubin
// for the device once, and the cubin kept in the kernel cache (package cache) under the
// device's compute capability and the driver release, so that later processes load it
// without compiling. Device memory released by kernreg is pooled per size (PoolLimit).
package cuda
