// Package opencl is kernreg's OpenCL backend: the OpenCL API bound at run time with
// purego (dlopen of libOpenCL.so.1, then libOpenCL.so, then the CUDA toolkit's loader, or
// the path in KERNREG_LIBOPENCL; no cgo), platform and device discovery, one context and
// in-order queue on the chosen device, buffers, program builds with their log, and
// kernel launches. Device implements kernels/gpu's Device, so the shared GPU kernels run
// here with the preamble in preamble.cl defining their dialect.
//
// Importing the package registers the registry backend "opencl" and the memory type
// "opencl" (allocation, host<->opencl conversion). Nothing happens until the backend is
// first used: then the library is loaded and the device opened, and any failure (no
// library, no platform, no device, a selection that matches nothing) is the reason the
// backend is unavailable, which 'kernreg devices' prints. Nothing panics.
//
// # Devices
//
// Devices lists every device of every platform, GPUs first, then accelerators, then CPUs.
// Each has an ID "P#D" (platform P, device D of that platform), so two devices with the
// same name stay distinguishable. The process computes on one device: the one
// SetDevice (the CLI's --opencl-device) or KERNREG_OPENCL_DEVICE names, by list index,
// ID, type (gpu, cpu) or part of "device name (platform name)", else the first one.
//
// A CPU device (PoCL, say) is available to explicit calls (--backend opencl,
// "opencl:gaussian_filter"), but bare names keep running on the native cpu backend
// unless the device was selected explicitly: see registry.Backend.Auto.
//
// # Errors
//
// Every call's status is checked and becomes an *Error naming the call and the status
// (opencl: clBuildProgram failed (CL_BUILD_PROGRAM_FAILURE): <build log>). Failures that
// mean exhausted memory match ErrOutOfMemory and say how much was asked of which device;
// a buffer larger than the device's largest allocation is refused before the call.
//
// # Memory
//
// Go memory handed to OpenCL is pinned for the call (runtime.Pinner); transfers into Go
// memory are blocking. Buffers are released explicitly, never by the garbage collector.
// Launches without explicit work-group sizes use fixed ones, so that drivers that
// specialise kernels per group size (PoCL) compile one variant per kernel whatever the
// image shape.
package opencl
