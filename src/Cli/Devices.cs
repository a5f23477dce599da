using Engine.Kernels.Cpu;
using Engine.Kernels.Ilgpu;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary>Turns <c>--device</c> into a backend.</summary>
public static class Devices
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["cpu", "opencl", "cuda", "auto", "ilgpu-cpu"];

    /// <summary>The backend for <paramref name="name"/> and a line saying what was picked (for auto: why).</summary>
    public static (IBackend Backend, string Description) Select(string name) => name switch
    {
        "cpu" => (CpuBackend.Instance, Cpu()),
        "opencl" => IlgpuBackend.TryGetOpenCl(out var opencl, out var why) ? (opencl!, Describe(opencl!))
            : throw new ArgumentException($"opencl: {why}"),
        "cuda" => IlgpuBackend.TryGetCuda(out var cuda, out var reason) ? (cuda!, Describe(cuda!))
            : throw new ArgumentException($"cuda: {reason}"),
        "auto" => Auto(),
        "ilgpu-cpu" => (IlgpuBackend.Emulator, $"{IlgpuBackend.Emulator.Name} (ILGPU's CPU emulator: one thread per GPU thread, for tests and debugging)"),
        _ => throw new ArgumentException($"--device: unknown device '{name}'; expected one of: {string.Join(", ", Names)}"),
    };

    /// <summary>CUDA, then OpenCL on a GPU (both through ILGPU), then the CPU; the description names what was skipped and why.</summary>
    private static (IBackend, string) Auto()
    {
        if (IlgpuBackend.TryGetCuda(out var cuda, out var cudaReason)) return (cuda!, $"{Describe(cuda!)} (auto)");
        var skipped = $"no CUDA: {cudaReason}";
        if (IlgpuBackend.TryGetOpenCl(out var opencl, out var openclReason))
        {
            if (opencl!.IsGpu) return (opencl, $"{Describe(opencl)} (auto; {skipped})");
            skipped += $"; OpenCL device {opencl.DeviceName} is not a GPU";
        }
        else skipped += $"; no OpenCL: {openclReason}";
        return (CpuBackend.Instance, $"{Cpu()} (auto; {skipped})");
    }

    private static string Cpu() => $"cpu ({Environment.ProcessorCount} cores)";

    private static string Describe(IlgpuBackend backend) => $"{backend.Name} (ILGPU, {backend.DeviceName}, {backend.TotalMemory >> 20} MiB)";
}
