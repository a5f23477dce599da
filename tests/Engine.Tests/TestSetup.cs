using System.Runtime.CompilerServices;
using Engine.Autodiff;
using Engine.Kernels.Cpu;

namespace Engine.Tests;

internal static class TestSetup
{
    /// <summary>Tests create tensors on the CPU unless they name another backend.</summary>
    [ModuleInitializer]
    internal static void UseCpuByDefault() => Tensor.DefaultBackend = CpuBackend.Instance;
}
