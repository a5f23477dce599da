using Engine.Kernels.Gpu;

namespace Engine.Kernels.OpenCl;

/// <summary>
/// The OpenCL backend: the GPU kernel families compiled as OpenCL C on the first GPU device of any
/// platform, or else on a CPU device with fp64 (PoCL, which is how CI runs every GPU kernel).
/// One process-wide instance, opened on first use.
/// </summary>
public static class OpenClBackend
{
    private static readonly Lazy<(GpuBackend? Backend, string Reason)> Opened = new(Open);

    /// <summary>The backend; throws a <see cref="GpuException"/> naming what is missing when no OpenCL device can be opened.</summary>
    public static GpuBackend Instance => Opened.Value.Backend ?? throw new GpuException(Opened.Value.Reason);

    /// <summary>True when a device could be opened; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryGet(out GpuBackend? backend, out string reason)
    {
        (backend, reason) = Opened.Value;
        return backend is not null;
    }

    /// <summary>True when the opened device is a GPU (false for PoCL's CPU device or no device).</summary>
    public static bool IsGpu => Opened.Value.Backend is { } && ((OpenClRuntime)RuntimeOf(Opened.Value.Backend)).IsGpu;

    private static IGpuRuntime RuntimeOf(GpuBackend backend) => backend.Runtime;

    private static (GpuBackend?, string) Open()
    {
        try
        {
            var runtime = OpenClRuntime.Open();
            return (new GpuBackend(runtime, "opencl"), "");
        }
        catch (GpuException e)
        {
            return (null, e.Message);
        }
    }
}
