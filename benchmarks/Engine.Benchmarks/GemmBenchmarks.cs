using BenchmarkDotNet.Attributes;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>
/// float32 GEMM C = A B (row-major). GFLOP/s = 2 M N K / mean time; the <see cref="GflopsColumn"/>
/// prints it beside its share of the FMA peak measured at start.
/// </summary>
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks : IFlopCount
{
    private float[] _a = [], _b = [], _c = [];

    [Params("256x256x256", "512x512x512", "1024x1024x1024", "4096x64x1024", "64x4096x1024", "1024x1024x64", "50x4096x512")]
    public string Shape { get; set; } = "";

    private (int M, int N, int K) Dims
    {
        get
        {
            var p = Shape.Split('x').Select(int.Parse).ToArray();
            return (p[0], p[1], p[2]);
        }
    }

    /// <inheritdoc />
    public double Flops => 2.0 * Dims.M * Dims.N * Dims.K;

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k) = Dims;
        var rng = new Random(1);
        _a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[m * n];
    }

    [Benchmark]
    public void Multiply()
    {
        var (m, n, k) = Dims;
        Gemm.Multiply(m, n, k, _a, 0, k, 1, _b, 0, n, 1, _c, 0, n, accumulate: false);
    }
}
