/* The kernreg kernel dialect (see kernels/gpu's package doc), defined for CUDA C++ and
 * compiled by NVRTC ahead of time to compute_70 PTX (with --fmad=false, so a*b+c rounds
 * twice, as the Go reference computes it). Every CUDA device has doubles. */
#define KR_FP64 1
typedef double real;
typedef unsigned int uint;

#define KERNEL extern "C" __global__ void
#define UNROLL _Pragma("unroll")
#define GLOBAL
#define LOCAL __shared__
#define DEVICE static __device__ __forceinline__

DEVICE int kr_gid(int i) {
	return i == 0 ? (int)(blockIdx.x * blockDim.x + threadIdx.x)
	     : i == 1 ? (int)(blockIdx.y * blockDim.y + threadIdx.y)
	              : (int)(blockIdx.z * blockDim.z + threadIdx.z);
}
DEVICE int kr_pick(dim3 v, int i) { return (int)(i == 0 ? v.x : i == 1 ? v.y : v.z); }
DEVICE int kr_pick3(uint3 v, int i) { return (int)(i == 0 ? v.x : i == 1 ? v.y : v.z); }

#define GID(i) kr_gid(i)
#define LID(i) kr_pick3(threadIdx, i)
#define GROUP_ID(i) kr_pick3(blockIdx, i)
#define GROUP_SIZE(i) kr_pick(blockDim, i)
#define NUM_GROUPS(i) kr_pick(gridDim, i)
#define BARRIER() __syncthreads()

#define ATOMIC_INC(p) atomicAdd((p), 1u)
#define ATOMIC_ADD(p, v) atomicAdd((p), (v))
/* The casts drop volatile, which CUDA's atomics do not take (they are coherent anyway). */
#define ATOMIC_MIN(p, v) atomicMin((uint*)(p), (v))
#define ATOMIC_CAS(p, cmp, val) atomicCAS((uint*)(p), (cmp), (val))
#define AS_FLOAT(u) __uint_as_float(u)
#define AS_UINT(f) __float_as_uint(f)
#define IS_NAN(x) isnan(x)
