using System.Numerics.Tensors;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Benchmarks;

/// <summary>
/// Memory-bound kernels of a toy-mlp critic step on warm, preallocated [256, 512] float32 buffers
/// (512 KiB each, so they live in L2/L3 as they do between the GEMMs of a step), quoted in GB/s of
/// bytes read plus written, beside <see cref="TensorPrimitives.Add(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
/// on the same spans: the reference for what a contiguous binary op can reach here.
/// </summary>
internal static class QuickElementwise
{
    private const int Rows = 256, Cols = 512;

    public static void Run()
    {
        var cpu = CpuBackend.Instance;
        var x = Random(cpu, 1, Rows, Cols);
        var y = Random(cpu, 2, Rows, Cols);
        var bias = Random(cpu, 3, Cols);
        var transposed = Random(cpu, 4, Cols, Rows).Transpose(0, 1); // the layout a transposed operand arrives in
        var output = NDArray.Empty(cpu, DType.Float32, Rows, Cols);
        var colSum = NDArray.Empty(cpu, DType.Float32, 1, Cols);
        var rowSum = NDArray.Empty(cpu, DType.Float32, Rows, 1);
        var total = NDArray.Empty(cpu, DType.Float32, 1, 1);
        float[] xs = ((CpuBuffer<float>)x.Buffer).Data, ys = ((CpuBuffer<float>)y.Buffer).Data, os = ((CpuBuffer<float>)output.Buffer).Data;
        const long matrix = 4L * Rows * Cols, row = 4L * Cols;

        Report("TensorPrimitives.Add (reference)", 3 * matrix, () => TensorPrimitives.Add(xs, ys, os));
        Report("add [256,512] + [256,512]", 3 * matrix, () => cpu.Binary(BinaryOpKind.Add, x, y, output));
        Report("mul [256,512] * [256,512]", 3 * matrix, () => cpu.Binary(BinaryOpKind.Mul, x, y, output));
        Report("bias add [256,512] + [512]", 2 * matrix + row, () => cpu.Binary(BinaryOpKind.Add, x, bias.Expand(Rows, Cols), output));
        Report("relu [256,512]", 2 * matrix, () => cpu.Unary(new UnaryOp(UnaryOpKind.Relu), x, output));
        Report("mul by transposed [512,256]^T", 3 * matrix, () => cpu.Binary(BinaryOpKind.Mul, x, transposed, output));
        Report("sum over rows [256,512] -> [512]", matrix + row, () => cpu.Reduce(ReduceOpKind.Sum, x, [0], colSum));
        Report("sum over columns [256,512] -> [256]", matrix + 4L * Rows, () => cpu.Reduce(ReduceOpKind.Sum, x, [1], rowSum));
        Report("sum of all [256,512]", matrix + 4, () => cpu.Reduce(ReduceOpKind.Sum, x, [0, 1], total));
    }

    private static NDArray Random(CpuBackend cpu, int seed, params int[] shape)
    {
        var a = NDArray.Empty(cpu, DType.Float32, shape);
        cpu.FillRandom(a, RandomDistribution.Normal, 0, 1, (ulong)seed, 0);
        return a;
    }

    private static void Report(string name, long bytes, Action action)
    {
        var best = QuickTimings.Best(action);
        Console.WriteLine($"{name,-40} {best * 1e6,9:F1} us {bytes / best / 1e9,8:F1} GB/s");
    }
}
