// What NVRTC provides implicitly, for compile-checking the CUDA kernels with Debian's clang
// (clang -x cuda --cuda-device-only -nocudainc -nocudalib): the CUDA attributes, the built-in
// index variables, __syncthreads and the float/double math overloads the kernels call.
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __host__ __attribute__((host))
#define __constant__ __attribute__((constant))
#include "__clang_cuda_builtin_vars.h"

// __syncthreads is a clang builtin in CUDA mode, as it is for NVRTC.

#define ENGINE_MATH1(f) __device__ float f(float); __device__ double f(double);
#define ENGINE_MATH2(f) __device__ float f(float, float); __device__ double f(double, double);
ENGINE_MATH1(exp) ENGINE_MATH1(log) ENGINE_MATH1(log1p) ENGINE_MATH1(sqrt) ENGINE_MATH1(fabs)
ENGINE_MATH1(tanh) ENGINE_MATH1(cos) ENGINE_MATH1(sin)
ENGINE_MATH2(pow) ENGINE_MATH2(fmax) ENGINE_MATH2(fmin)
