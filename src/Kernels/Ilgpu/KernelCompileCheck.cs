using System.Numerics;
using System.Reflection;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Engine.Kernels.Ilgpu;

/// <summary>One kernel as ILGPU compiles it: a closed generic method and whether it takes an index (implicitly grouped).</summary>
public sealed record KernelEntry(string Name, MethodInfo Method, bool ImplicitlyGrouped);

/// <summary>A compile target of <see cref="KernelCompileCheck"/>.</summary>
public enum KernelTarget
{
    /// <summary>PTX for sm_80 (A100) through ILGPU's PTX backend.</summary>
    PtxSm80,
    /// <summary>PTX for sm_90 (H100); ILGPU 1.5.3 emits .target sm_80 code for it.</summary>
    PtxSm90,
    /// <summary>OpenCL C 2.0 (generic address space) through ILGPU's OpenCL backend.</summary>
    OpenClC20,
}

/// <summary>
/// Compiles kernels for CUDA and OpenCL without a device (ILGPU's PTX and OpenCL backends need
/// only a context), so a kernel that runs on the emulator but not on a GPU fails in CI.
/// </summary>
public static class KernelCompileCheck
{
    /// <summary>Every kernel of the ILGPU backend, in float32 and float64, each elementwise one with every operator.</summary>
    public static IReadOnlyList<KernelEntry> All() => [.. Entries<float>(), .. Entries<double>(),
        Implicit("random f32", typeof(RandomKernels), nameof(RandomKernels.Float32)),
        Implicit("random f64", typeof(RandomKernels), nameof(RandomKernels.Float64))];

    private static IEnumerable<KernelEntry> Entries<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = typeof(T);
        var unary = new OperatorTypes<T>();
        foreach (var kind in Enum.GetValues<UnaryOpKind>()) ElementwiseCatalog.Unary<T, OperatorTypes<T>>(new UnaryOp(kind, 0.5, 1.5), ref unary);
        foreach (var kind in Enum.GetValues<BinaryOpKind>()) ElementwiseCatalog.Binary<T, OperatorTypes<T>>(kind, ref unary);
        foreach (var op in unary.Unary) yield return Implicit($"unary {op.Name}", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Unary), t, op);
        foreach (var op in unary.Binary) yield return Implicit($"binary {op.Name}", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Binary), t, op);
        yield return Implicit("where", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Where), t);
        yield return Implicit("copy", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Copy), t);
        yield return Implicit("fill", typeof(ElementwiseKernels), nameof(ElementwiseKernels.Fill), t);
        yield return Implicit("reduce per thread", typeof(ReduceKernels), nameof(ReduceKernels.PerThread), t);
        foreach (var side in new[] { typeof(Side16), typeof(Side4), typeof(Side2) })
        {
            yield return Explicit($"reduce per group {side.Name}", typeof(ReduceKernels), nameof(ReduceKernels.PerGroup), t, side);
            yield return Explicit($"gemm {side.Name}", typeof(GemmKernel), nameof(GemmKernel.Run), t, side);
        }
        yield return Implicit("conv forward", typeof(ConvKernels), nameof(ConvKernels.Forward), t);
        yield return Implicit("conv grad-input", typeof(ConvKernels), nameof(ConvKernels.GradInput), t);
        yield return Implicit("conv grad-weight", typeof(ConvKernels), nameof(ConvKernels.GradWeight), t);
        yield return Implicit("layer norm forward", typeof(LayerNormKernels), nameof(LayerNormKernels.Forward), t);
        yield return Implicit("layer norm backward input", typeof(LayerNormKernels), nameof(LayerNormKernels.BackwardInput), t);
        yield return Implicit("layer norm backward affine", typeof(LayerNormKernels), nameof(LayerNormKernels.BackwardAffine), t);
        yield return Implicit("adam", typeof(OptimizerKernels), nameof(OptimizerKernels.Adam), t);
        yield return Implicit("rmsprop", typeof(OptimizerKernels), nameof(OptimizerKernels.RmsProp), t);
    }

    /// <summary>Compiles each entry for <paramref name="target"/>; returns (entry name, error) for every one that fails (empty: all compile).</summary>
    public static List<(string Kernel, string Error)> Compile(IEnumerable<KernelEntry> entries, KernelTarget target)
    {
        var failures = new List<(string, string)>();
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var backend = Create(context, target);
        foreach (var e in entries)
        {
            try
            {
                var description = e.ImplicitlyGrouped
                    ? EntryPointDescription.FromImplicitlyGroupedKernel(e.Method)
                    : EntryPointDescription.FromExplicitlyGroupedKernel(e.Method);
                var compiled = backend.Compile(description, KernelSpecialization.Empty);
                var code = compiled switch
                {
                    PTXCompiledKernel p => p.PTXAssembly,
                    CLCompiledKernel c => c.Source,
                    _ => "",
                };
                if (string.IsNullOrWhiteSpace(code)) failures.Add((e.Name, "the compiler returned no code"));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add((e.Name, $"{ex.GetType().Name}: {ex.Message}"));
                // A failed compile poisons the context's caches: clear them so the next kernel compiles afresh.
                context.ClearCache(ClearCacheMode.Everything);
            }
        }
        return failures;
    }

    /// <summary>The code ILGPU generates for one entry (PTX or OpenCL C), for inspection.</summary>
    public static string Code(KernelEntry e, KernelTarget target)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var backend = Create(context, target);
        var description = e.ImplicitlyGrouped ? EntryPointDescription.FromImplicitlyGroupedKernel(e.Method) : EntryPointDescription.FromExplicitlyGroupedKernel(e.Method);
        return backend.Compile(description, KernelSpecialization.Empty) switch
        {
            PTXCompiledKernel p => p.PTXAssembly,
            CLCompiledKernel c => c.Source,
            _ => "",
        };
    }

    private static ILGPU.Backends.Backend Create(Context context, KernelTarget target) => target switch
    {
        KernelTarget.PtxSm80 => new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null),
        KernelTarget.PtxSm90 => new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null),
        KernelTarget.OpenClC20 => new CLBackend(context, new CLCapabilityContext(true, true, true, true, true), CLDeviceVendor.Other, CLCVersion.CL20),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown kernel target"),
    };

    /// <summary>An implicitly grouped kernel (first parameter an index) closed over <paramref name="types"/>.</summary>
    public static KernelEntry Implicit(string name, Type owner, string method, params Type[] types) => new(name, Close(owner, method, types), true);

    /// <summary>An explicitly grouped kernel (uses Group/Grid and shared memory) closed over <paramref name="types"/>.</summary>
    public static KernelEntry Explicit(string name, Type owner, string method, params Type[] types) => new(name, Close(owner, method, types), false);

    private static MethodInfo Close(Type owner, string method, Type[] types)
    {
        var m = owner.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new ArgumentException($"kernel compile check: {owner.Name}.{method} not found");
        return types.Length == 0 ? m : m.MakeGenericMethod(types);
    }

    /// <summary>Records which operator struct each op kind selects, without running anything.</summary>
    private struct OperatorTypes<T>() : IUnaryLauncher<T>, IBinaryLauncher<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public List<Type> Unary { get; } = [];
        public List<Type> Binary { get; } = [];
        public void Launch<TOp>(TOp op) where TOp : struct, IUnaryOperator<T> => Unary.Add(typeof(TOp));
        void IBinaryLauncher<T>.Launch<TOp>(TOp op) => Binary.Add(typeof(TOp));
    }
}
