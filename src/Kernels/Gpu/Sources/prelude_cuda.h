// CUDA C++ (NVRTC) side of the macro prelude: every kernel body is written against these names.
#define KERNEL extern "C" __global__
#define GLOBAL
#define LOCAL __shared__
#define PRIVATE
#define LPTR
#define INLINE __device__ inline
#define GID(i) ((int)((i) == 0 ? blockIdx.x * blockDim.x + threadIdx.x : (i) == 1 ? blockIdx.y * blockDim.y + threadIdx.y : blockIdx.z * blockDim.z + threadIdx.z))
#define LID(i) ((int)((i) == 0 ? threadIdx.x : (i) == 1 ? threadIdx.y : threadIdx.z))
#define GROUP(i) ((int)((i) == 0 ? blockIdx.x : (i) == 1 ? blockIdx.y : blockIdx.z))
#define BARRIER() __syncthreads()
#define U64 unsigned long long
