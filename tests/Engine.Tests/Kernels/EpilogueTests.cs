using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

/// <summary>
/// The GEMM and conv epilogues (bias, Relu, LeakyRelu in the kernel) give exactly what the unfused
/// product followed by a broadcast add and the activation kernel gives, on one thread and on all.
/// </summary>
[Collection(CpuThreadsCollection.Name)]
public class EpilogueTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    public static TheoryData<int, int, int, int> MatMulCases()
    {
        // (m, n, k, activation: 0 none, 1 relu, 2 leaky): tile edges, K blocks, k = 0, n = 1.
        var data = new TheoryData<int, int, int, int>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (9, 49, 7), (256, 512, 2), (67, 131, 400), (256, 1, 512), (5, 7, 0), (130, 50, 800) })
            for (var act = 0; act < 3; act++) data.Add(m, n, k, act);
        return data;
    }

    private static UnaryOp? Activation(int act) => act switch
    {
        1 => new UnaryOp(UnaryOpKind.Relu),
        2 => new UnaryOp(UnaryOpKind.LeakyRelu, 0.2),
        _ => null,
    };

    private static NDArray Unfused(NDArray y, NDArray bias, int axis, UnaryOp? act)
    {
        var shape = Enumerable.Repeat(1, y.Rank).ToArray();
        shape[axis] = bias.Numel;
        var z = NDArray.Empty(Cpu, y.DType, y.Shape);
        Cpu.Binary(BinaryOpKind.Add, y, bias.Reshape(shape).Expand(y.Shape), z);
        if (act is null) return z;
        var r = NDArray.Empty(Cpu, y.DType, y.Shape);
        Cpu.Unary(act.Value, z, r);
        return r;
    }

    [Theory]
    [MemberData(nameof(MatMulCases))]
    public void MatMulEpilogueEqualsUnfusedBitForBit(int m, int n, int k, int act)
    {
        foreach (var f64 in new[] { false, true })
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
            {
                using var _ = new CpuThreadsScope(threads);
                NDArray a = Array(f64, Random(m * k, m + k), m, k), b = Array(f64, Random(k * n, n + 2 * k), n, k).Transpose(0, 1);
                var bias = Array(f64, Random(n, 5), n);
                var plain = Filled(f64, double.NaN, m, n);
                Cpu.MatMul(a, b, plain);
                var expected = Read(Unfused(plain, bias, 1, Activation(act)));
                var fused = Filled(f64, double.NaN, m, n);
                Cpu.MatMul(a, b, fused, new Epilogue(bias, Activation(act)));
                Assert.Equal(expected, Read(fused));
            }
    }

    [Theory]
    [InlineData(50, 64, 14, 128, 2)]
    [InlineData(3, 2, 9, 5, 1)]
    [InlineData(2, 3, 6, 4, 0)]
    public void ConvEpilogueEqualsUnfusedBitForBit(int batch, int c, int h, int o, int act)
    {
        var g = new Conv2dGeometry(2, 2, 2, 2, 1, 1);
        var ho = g.OutH(h, 5);
        foreach (var threads in new[] { 1, Environment.ProcessorCount })
        {
            using var _ = new CpuThreadsScope(threads);
            NDArray x = Array(false, Random(batch * c * h * h, 1), batch, c, h, h), w = Array(false, Random(o * c * 25, 2), o, c, 5, 5);
            var bias = Array(false, Random(o, 3), o);
            var plain = Filled(false, 0, batch, o, ho, ho);
            Cpu.Conv2dForward(x, w, plain, g);
            var expected = Read(Unfused(plain, bias, 1, Activation(act)));
            var fused = Filled(false, double.NaN, batch, o, ho, ho);
            Cpu.Conv2dForward(x, w, fused, g, new Epilogue(bias, Activation(act)));
            Assert.Equal(expected, Read(fused));
        }
    }

    [Fact]
    public void BadEpiloguesNameTheOpAndShapes()
    {
        NDArray a = Filled(false, 1, 3, 4), b = Filled(false, 1, 4, 5), c = Filled(false, 0, 3, 5);
        var wrongBias = Assert.Throws<ShapeMismatchException>(() => Cpu.MatMul(a, b, c, new Epilogue(Filled(false, 0, 4))));
        Assert.Contains("cpu matmul", wrongBias.Message);
        Assert.Contains("[5]", wrongBias.Message);
        var tanh = Assert.Throws<ArgumentException>(() => Cpu.MatMul(a, b, c, new Epilogue(null, new UnaryOp(UnaryOpKind.Tanh))));
        Assert.Contains("Tanh", tanh.Message);
        var wrongDtype = Assert.Throws<ShapeMismatchException>(() => Cpu.MatMul(a, b, c, new Epilogue(Filled(true, 0, 5))));
        Assert.Contains("float64", wrongDtype.Message);
    }
}

/// <summary>Tests that change the process-wide <see cref="CpuThreads.Count"/> run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuThreadsCollection
{
    public const string Name = nameof(CpuThreadsCollection);
}

/// <summary>Sets <see cref="CpuThreads.Count"/> and restores it on dispose.</summary>
public sealed class CpuThreadsScope : IDisposable
{
    private readonly int _previous = CpuThreads.Count;

    public CpuThreadsScope(int threads) => CpuThreads.Count = threads;

    public void Dispose() => CpuThreads.Count = _previous;
}
