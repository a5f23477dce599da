using Engine.Kernels.Gpu;

namespace Engine.Kernels.Cuda;

/// <summary>
/// The CUDA backend: the GPU kernel families compiled by NVRTC as CUDA C++ for device 0.
/// One process-wide instance, opened on first use.
/// </summary>
public static class CudaBackend
{
    private static readonly Lazy<(GpuBackend? Backend, string Reason)> Opened = new(Open);

    /// <summary>The backend; throws a <see cref="GpuException"/> naming what is missing when no CUDA device can be opened.</summary>
    public static GpuBackend Instance => Opened.Value.Backend ?? throw new GpuException(Opened.Value.Reason);

    /// <summary>True when a device could be opened; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryGet(out GpuBackend? backend, out string reason)
    {
        (backend, reason) = Opened.Value;
        return backend is not null;
    }

    private static (GpuBackend?, string) Open()
    {
        try
        {
            var runtime = CudaRuntime.Open();
            return (new GpuBackend(runtime, "cuda"), "");
        }
        catch (GpuException e)
        {
            return (null, e.Message);
        }
    }
}
