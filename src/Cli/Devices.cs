using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary>Turns <c>--device</c> into a backend.</summary>
public static class Devices
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["cpu", "opencl", "cuda", "auto"];

    /// <summary>The backend for <paramref name="name"/> and a line saying what was picked.</summary>
    public static (IBackend Backend, string Description) Select(string name) => name switch
    {
        "cpu" => (CpuBackend.Instance, $"cpu ({Environment.ProcessorCount} cores)"),
        "auto" => (CpuBackend.Instance, $"cpu ({Environment.ProcessorCount} cores; auto: no GPU backend is built into this version)"),
        "opencl" or "cuda" => throw new NotSupportedException($"--device {name}: the {name} backend is not part of this version yet; use --device cpu"),
        _ => throw new ArgumentException($"--device: unknown device '{name}'; expected one of: {string.Join(", ", Names)}"),
    };
}
