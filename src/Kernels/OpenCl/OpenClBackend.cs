using Engine.Kernels.Gpu;

namespace Engine.Kernels.OpenCl;

/// <summary>
/// The OpenCL backend: the GPU kernel families compiled as OpenCL C on the first GPU device of any
/// platform, or else on a CPU device with fp64 (PoCL, which is how CI runs every GPU kernel).
/// One process-wide instance, opened on first use.
/// </summary>
public static class OpenClBackend
{
    private static readonly LazyDevice Device = new(() => new GpuBackend(OpenClRuntime.Open(), "opencl"));

    /// <summary>The backend; throws a <see cref="GpuException"/> naming what is missing when no OpenCL device can be opened.</summary>
    public static GpuBackend Instance => Device.Instance;

    /// <summary>True when a device could be opened; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryGet(out GpuBackend? backend, out string reason) => Device.TryGet(out backend, out reason);

    /// <summary>True when the opened device is a GPU (false for PoCL's CPU device, or when none opens).</summary>
    public static bool IsGpu => Device.TryGet(out var backend, out _) && ((OpenClRuntime)backend!.Runtime).IsGpu;
}
