/* The kernreg kernel dialect (see kernels/gpu's package doc), defined for OpenCL C 1.2.
 * The build passes -DKR_FP64=1 when the device has cl_khr_fp64, else -DKR_FP64=0. */

/* a*b+c rounds twice, as the Go reference computes it: no fused multiply-add. */
#pragma OPENCL FP_CONTRACT OFF

#if KR_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#define KERNEL __kernel void
#define UNROLL _Pragma("unroll")
#define GLOBAL __global
#define LOCAL __local
#define DEVICE static inline

#define GID(i) ((int)get_global_id(i))
#define LID(i) ((int)get_local_id(i))
#define GROUP_ID(i) ((int)get_group_id(i))
#define GROUP_SIZE(i) ((int)get_local_size(i))
#define NUM_GROUPS(i) ((int)get_num_groups(i))
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)

#define ATOMIC_INC(p) atomic_inc(p)
#define ATOMIC_ADD(p, v) atomic_add(p, v)
#define ATOMIC_MIN(p, v) atomic_min(p, v)
#define ATOMIC_CAS(p, cmp, val) atomic_cmpxchg(p, cmp, val)
#define AS_FLOAT(u) as_float(u)
#define AS_UINT(f) as_uint(f)
#define IS_NAN(x) isnan(x)
