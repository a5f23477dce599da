// OpenCL C 1.2 side of the macro prelude: every kernel body is written against these names.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define KERNEL __kernel
#define GLOBAL __global
#define LOCAL __local
#define PRIVATE
#define LPTR __local  // address space of a pointer into local memory
#define INLINE inline
#define GID(i) ((int)get_global_id(i))
#define LID(i) ((int)get_local_id(i))
#define GROUP(i) ((int)get_group_id(i))
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define U64 ulong
