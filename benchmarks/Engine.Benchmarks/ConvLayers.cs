using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Benchmarks;

/// <summary>The MNIST WGAN-GP critic's conv layers (5x5, stride 2, pad 2) at batch 50, with ready-made float32 operands.</summary>
public sealed class ConvLayer
{
    /// <summary>Layer names as benchmark parameters.</summary>
    public static readonly string[] Names = ["1x28->64", "64x14->128", "128x7->256"];

    public ConvLayer(string name, int batch = 50)
    {
        var (c, h, o) = name switch
        {
            "1x28->64" => (1, 28, 64),
            "64x14->128" => (64, 14, 128),
            "128x7->256" => (128, 7, 256),
            _ => throw new ArgumentException($"unknown layer {name}"),
        };
        Geometry = new Conv2dGeometry(2, 2, 2, 2, 1, 1);
        var ho = Geometry.OutH(h, 5);
        X = Random(batch, c, h, h);
        W = Random(o, c, 5, 5);
        Y = Random(batch, o, ho, ho);
        Flops = 2.0 * batch * o * ho * ho * c * 25;
    }

    public Conv2dGeometry Geometry { get; }
    public NDArray X { get; }
    public NDArray W { get; }
    public NDArray Y { get; }

    /// <summary>2 N O Ho Wo C kh kw: the same count for forward, grad-input and grad-weight.</summary>
    public double Flops { get; }

    public void Forward() => CpuBackend.Instance.Conv2dForward(X, W, Y, Geometry);
    public void GradInput() => CpuBackend.Instance.Conv2dGradInput(Y, W, X, Geometry);
    public void GradWeight() => CpuBackend.Instance.Conv2dGradWeight(X, Y, W, Geometry);

    private static NDArray Random(params int[] shape)
    {
        var rng = new Random(shape.Sum());
        var data = new float[Shape.Numel(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() - 0.5);
        return new NDArray(new CpuBuffer<float>(data), shape, Shape.ContiguousStrides(shape));
    }
}
