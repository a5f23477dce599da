using Engine.Kernels.Gpu;
using Engine.Kernels.OpenCl;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>
/// The GPU backends the tests run on. A missing device skips a test with the reason, unless
/// ENGINE_REQUIRE_OPENCL=1 (set by .ci/run, which installs PoCL) turns that into a failure, so CI
/// cannot pass by skipping every OpenCL row.
/// </summary>
internal static class GpuTestDevices
{
    public static GpuBackend OpenCl()
    {
        if (OpenClBackend.TryGet(out var backend, out var reason)) return backend!;
        if (Environment.GetEnvironmentVariable("ENGINE_REQUIRE_OPENCL") == "1")
            throw new InvalidOperationException($"ENGINE_REQUIRE_OPENCL=1 but no OpenCL device opens: {reason}");
        throw new SkipException($"no OpenCL device: {reason}");
    }
}
