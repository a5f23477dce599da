using Engine.Kernels.Gpu;

namespace Engine.Kernels.Cuda;

/// <summary>
/// The CUDA backend: the GPU kernel families compiled by NVRTC as CUDA C++ for device 0.
/// One process-wide instance, opened on first use.
/// </summary>
public static class CudaBackend
{
    private static readonly LazyDevice Device = new(() => new GpuBackend(CudaRuntime.Open(), "cuda"));

    /// <summary>The backend; throws a <see cref="GpuException"/> naming what is missing when no CUDA device can be opened.</summary>
    public static GpuBackend Instance => Device.Instance;

    /// <summary>True when a device could be opened; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryGet(out GpuBackend? backend, out string reason) => Device.TryGet(out backend, out reason);
}
