using BenchmarkDotNet.Attributes;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>
/// float32 conv2d passes of the MNIST critic at batch 50. GFLOP/s = 2 N O Ho Wo C kh kw / mean
/// time (shown by the GFLOP/s column), against the FMA peak measured at start; each pass under
/// both CPU algorithms (im2col + GEMM, and the direct kernels).
/// </summary>
[Config(typeof(GflopsConfig))]
public class ConvBenchmarks : IFlopCount
{
    private ConvLayer? _layer;

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = ConvLayer.Names[0];

    public static IEnumerable<string> Layers => ConvLayer.Names;

    [Params(ConvAlgorithm.Im2ColGemm, ConvAlgorithm.Direct)]
    public ConvAlgorithm Algorithm { get; set; } = ConvAlgorithm.Direct;

    /// <inheritdoc />
    public double Flops => new ConvLayer(Layer, batch: 1).Flops * 50;

    /// <summary>The pass under <see cref="Algorithm"/>, chosen on each call: the choice is per thread (an AsyncLocal) and costs nanoseconds.</summary>
    private void Run(Action pass)
    {
        using var scope = CpuBackend.UseConvAlgorithm(Algorithm);
        pass();
    }

    [GlobalSetup]
    public void Setup() => _layer = new ConvLayer(Layer);

    [Benchmark]
    public void Forward() => Run(_layer!.Forward);

    [Benchmark]
    public void GradInput() => Run(_layer!.GradInput);

    [Benchmark]
    public void GradWeight() => Run(_layer!.GradWeight);
}
