using BenchmarkDotNet.Attributes;

namespace Engine.Benchmarks;

/// <summary>
/// float32 conv2d passes of the MNIST critic at batch 50. GFLOP/s = 2 N O Ho Wo C kh kw / mean
/// time (shown by the GFLOP/s column), against the FMA peak measured at start.
/// </summary>
[Config(typeof(GflopsConfig))]
public class ConvBenchmarks : IFlopCount
{
    private ConvLayer? _layer;

    [ParamsSource(nameof(Layers))]
    public string Layer { get; set; } = ConvLayer.Names[0];

    public static IEnumerable<string> Layers => ConvLayer.Names;

    /// <inheritdoc />
    public double Flops => new ConvLayer(Layer, batch: 1).Flops * 50;

    [GlobalSetup]
    public void Setup() => _layer = new ConvLayer(Layer);

    [Benchmark]
    public void Forward() => _layer!.Forward();

    [Benchmark]
    public void GradInput() => _layer!.GradInput();

    [Benchmark]
    public void GradWeight() => _layer!.GradWeight();
}
