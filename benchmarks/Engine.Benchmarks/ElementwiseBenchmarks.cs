using BenchmarkDotNet.Attributes;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Benchmarks;

/// <summary>
/// Elementwise and reduction kernels on a toy-mlp activation ([256, 512] float32, 512 KB): the
/// memory-bound ops between the GEMMs of a critic step. Output arrays are preallocated, so this
/// times the kernels, not allocation.
/// </summary>
public class ElementwiseBenchmarks
{
    private NDArray _x = null!, _y = null!, _out = null!, _bias = null!, _colSum = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cpu = CpuBackend.Instance;
        NDArray Rand(int seed, params int[] shape)
        {
            var a = NDArray.Empty(cpu, DType.Float32, shape);
            cpu.FillRandom(a, RandomDistribution.Normal, 0, 1, (ulong)seed, 0);
            return a;
        }
        (_x, _y, _bias) = (Rand(1, 256, 512), Rand(2, 256, 512), Rand(3, 512));
        _out = NDArray.Empty(cpu, DType.Float32, 256, 512);
        _colSum = NDArray.Empty(cpu, DType.Float32, 1, 512);
    }

    /// <summary>The reference for a contiguous binary op on these spans: what the engine's Add should reach.</summary>
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesAdd() =>
        System.Numerics.Tensors.TensorPrimitives.Add(Span(_x), Span(_y), Span(_out));

    [Benchmark]
    public void Add() => CpuBackend.Instance.Binary(BinaryOpKind.Add, _x, _y, _out);

    [Benchmark]
    public void Relu() => CpuBackend.Instance.Unary(new UnaryOp(UnaryOpKind.Relu), _x, _out);

    [Benchmark]
    public void Mul() => CpuBackend.Instance.Binary(BinaryOpKind.Mul, _x, _y, _out);

    [Benchmark]
    public void BiasAdd() => CpuBackend.Instance.Binary(BinaryOpKind.Add, _x, _bias.Expand(256, 512), _out);

    private static Span<float> Span(NDArray a) => ((CpuBuffer<float>)a.Buffer).Data.AsSpan(a.Offset, a.Numel);

    [Benchmark]
    public void SumOverBatch() => CpuBackend.Instance.Reduce(ReduceOpKind.Sum, _x, [0], _colSum);
}
