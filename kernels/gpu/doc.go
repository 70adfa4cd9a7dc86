// Package gpu holds kernreg's GPU kernels, written once for every GPU backend: kernel
// sources in one small C dialect (src/*.cl) and the Go code that launches them (argument
// order, work sizes, scratch buffers) against the Device interface, which kernels/opencl
// and kernels/cuda implement. Each exported kernel function is an operation of the
// registry (see tools/regen): it has the signature, the params struct, the contract and
// the semantics of the kernels/cpu function of the same name, and is tested against the
// same reference outputs and against kernels/cpu itself.
//
// # Views
//
// Plane, Volume, Array and their Label variants wrap a View: a device Buffer, the element
// offset of the first element and the C-order shape. A slice of a stack is an offset view
// of the stack's buffer, so the registry runs a PURE_2D function on a stack slice by
// slice without copies (a batched launch over all slices is a later optimisation). Every
// kernel takes offsets and sizes as arguments.
//
// # The dialect
//
// Sources are C99 with these names, which each backend's preamble defines (the OpenCL
// preamble is kernels/opencl/preamble.cl):
//
//	KERNEL name(...)      a kernel function (OpenCL: __kernel void; CUDA: extern "C" __global__ void)
//	UNROLL                before a loop: unroll it fully (both: _Pragma("unroll"))
//	GLOBAL                the address space of buffer arguments (OpenCL: __global; CUDA: empty)
//	LOCAL                 work-group shared memory (OpenCL: __local; CUDA: __shared__)
//	DEVICE                a helper function (OpenCL: static inline; CUDA: __device__ inline)
//	GID(i), LID(i)        global / local index on axis i (0 is X), as int
//	GROUP_ID(i), GROUP_SIZE(i), NUM_GROUPS(i)
//	BARRIER()             work-group barrier over local memory (CUDA: __syncthreads())
//	ATOMIC_INC(p), ATOMIC_ADD(p, v)   on a uint in global or local memory
//	ATOMIC_MIN(p, v), ATOMIC_CAS(p, cmp, val)   on a (volatile) uint in global memory; both
//	                      return the old value (CAS stores val only where the old value is cmp)
//	AS_FLOAT(u), AS_UINT(f)           bit casts (CUDA: __uint_as_float, __float_as_uint)
//	IS_NAN(x)
//	real                  double where the device has it (Device.Float64), else float
//	uint                  unsigned int (CUDA's preamble adds the typedef)
//
// A preamble also turns off floating-point contraction (a*b+c rounds twice, as the Go
// reference computes it), and with real = double, sums, quotients, roots and
// transcendental functions evaluated in real and rounded once match kernels/cpu, which
// computes them in float64. Sources use only C, these names and the math functions both
// languages have for float and real (sqrt, exp, exp2, log, log2, pow, cos, acos, fabs,
// fmin, fmax, floor, isinf):
// TestDialect rejects OpenCL or CUDA spellings. src/common.h, prepended to every source,
// has the boundary modes (map_index is kernels/cpu's Mode.index) and small helpers.
//
// Compiled programs never depend on shapes or parameters: those are kernel arguments,
// and sizes such as the median window bound are fixed constants. Each source therefore
// compiles once per device and process, on first use (Warm compiles them all at once);
// kernels/cuda compiles the same sources ahead of time to PTX (Sources lists them).
//
// Kernels index with int: a view may reach at most element 2^31-1 of its buffer. Every
// kernel checks its indices against its size arguments, because backends may round the
// launch up to whole work groups.
//
// # Launching
//
// Each kernel function of a source has a Go declaration (kernel(src, "name", Buf, Int,
// ...)) listing the kinds of its arguments. Kernel.Launch checks every call against it
// (count, Go types, int32 range, the buffers' device) before anything reaches the
// device, and the first build of a source checks each declaration against the compiled
// kernel's argument count, so a source and its Go code cannot drift apart silently.
//
// Scratch buffers are released as soon as the work that uses them is queued: both
// OpenCL and CUDA keep them alive until that work has run.
//
// # Host steps
//
// Every pass over the pixels runs on the device. The host only reads back small device
// results and decides on them with kernels/cpu's own code, each documented in its op:
// the histogram thresholds pick their threshold from a device histogram (nbins counts),
// threshold_li iterates on two device means per step, equalize_hist turns a device
// histogram into its curve, range reductions combine up to 1024 partial ranges, and
// iterations to a fixpoint (binary iterations, order-exact min/max) read back a flag.
//
// # Outputs
//
// The registry allocates a kernel's dst without clearing it (a memset costs as much as
// a cheap kernel): every kernel function writes each element of dst, or clears it first.
// The backends' tests fill outputs with Poison instead, so an element left unwritten
// fails the comparisons.
package gpu
