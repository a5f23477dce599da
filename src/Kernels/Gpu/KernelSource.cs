using System.Reflection;
using System.Text;
using Engine.Tensors;

namespace Engine.Kernels.Gpu;

/// <summary>The kernel families, each one embedded source file compiled for OpenCL or CUDA.</summary>
public enum KernelFamily
{
    /// <summary>elementwise.cl: unary, binary, ternary, copy, fill over strided views.</summary>
    Elementwise,
    /// <summary>reduce.cl: sum and max over axes.</summary>
    Reduce,
    /// <summary>gemm.cl: batched, strided, tiled matrix product.</summary>
    Gemm,
    /// <summary>conv.cl: conv2d forward, grad-input, grad-weight.</summary>
    Conv,
    /// <summary>layernorm.cl: fused forward and backward.</summary>
    LayerNorm,
    /// <summary>random.cl: the counter-based RNG fill.</summary>
    Random,
    /// <summary>optimizer.cl: fused Adam and RMSProp.</summary>
    Optimizer,
}

/// <summary>
/// Assembles a family's program text: the dialect's macro prelude, the element type, the shared
/// geometry header, the generated op switches (elementwise only) and the family body.
/// </summary>
public static class KernelSource
{
    private static readonly Dictionary<string, string> Files = new();

    /// <summary>Full program text of <paramref name="family"/> for <paramref name="dialect"/> ("opencl" or "cuda") and <paramref name="dtype"/>.</summary>
    public static string Build(string dialect, KernelFamily family, DType dtype)
    {
        var s = new StringBuilder();
        s.Append(Read($"prelude_{dialect}.h")).Append('\n');
        s.Append("#define T ").Append(dtype == DType.Float64 ? "double" : "float").Append('\n');
        s.Append(Read("common.h")).Append('\n');
        if (family == KernelFamily.Elementwise) s.Append(OpExpressions.SwitchFunctions());
        s.Append(Read(FileName(family)));
        return s.ToString();
    }

    /// <summary>The embedded file name of a family, e.g. "elementwise.cl".</summary>
    public static string FileName(KernelFamily family) => family.ToString().ToLowerInvariant() + ".cl";

    /// <summary>The text of an embedded source file (Gpu/Sources/NAME).</summary>
    public static string Read(string name)
    {
        lock (Files)
        {
            if (Files.TryGetValue(name, out var text)) return text;
            var assembly = typeof(KernelSource).Assembly;
            using var stream = assembly.GetManifestResourceStream($"Engine.Kernels.Gpu.Sources.{name}")
                ?? throw new InvalidOperationException($"gpu: kernel source '{name}' is not embedded in {assembly.GetName().Name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Files[name] = reader.ReadToEnd();
        }
    }
}
