using System.Numerics;
using Engine.Kernels.Ilgpu;
using ILGPU;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>
/// Every ILGPU kernel, in both dtypes and with every elementwise operator, compiles to PTX for
/// sm_80 and sm_90 and to OpenCL C 2.0 without a device; and a kernel the emulator would run but a
/// GPU cannot fails that check.
/// </summary>
public sealed class IlgpuCompileCheckTests
{
    public static TheoryData<KernelTarget> Targets => new() { KernelTarget.PtxSm80, KernelTarget.PtxSm90, KernelTarget.OpenClC20 };

    [Theory, MemberData(nameof(Targets))]
    public void Every_kernel_compiles(KernelTarget target)
    {
        var entries = KernelCompileCheck.All();
        Assert.True(entries.Count > 60, $"expected every kernel in both dtypes, got {entries.Count}");
        var failures = KernelCompileCheck.Compile(entries, target);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.Kernel}: {f.Error}")));
    }

    [Fact]
    public void Ptx_targets_sm80_and_uses_shared_memory_in_gemm()
    {
        var gemm = KernelCompileCheck.All().First(e => e.Name == "gemm Side16" && e.Method.GetGenericArguments()[0] == typeof(float));
        var ptx = KernelCompileCheck.Code(gemm, KernelTarget.PtxSm90);
        Assert.Contains(".target sm_80", ptx);
        Assert.Contains(".shared", ptx);
        Assert.Contains("bar.sync", ptx);
    }

    // T.Clamp validates min <= max by throwing, which the emulator runs and no GPU backend can compile:
    // the kind of mistake the check exists for (a kernel tested on the emulator only).
    internal static void ClampKernel<T>(Index1D i, ArrayView<T> x, T lo, T hi) where T : unmanaged, INumber<T> => x[i] = T.Clamp(x[i], lo, hi);

    [Theory, MemberData(nameof(Targets))]
    public void A_kernel_with_an_unsupported_construct_fails_the_check(KernelTarget target)
    {
        var bad = KernelCompileCheck.Implicit("clamp", typeof(IlgpuCompileCheckTests), nameof(ClampKernel), typeof(double));
        var good = KernelCompileCheck.All().First(e => e.Name == "copy");
        var failures = KernelCompileCheck.Compile([bad, good], target);
        // The bad kernel fails, and the kernel after it still compiles (the poisoned context is cleared).
        Assert.Equal(["clamp"], failures.Select(f => f.Kernel));
    }
}
