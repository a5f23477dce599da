using Engine.Autodiff;
using Engine.Gan.Models;
using Engine.Gan.Probe;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>
/// The MNIST critics take the official code's flat [B, 784] rows as well as [B, 1, 28, 28] images:
/// a probe with flat tensors equals the image probe, and its input gradient comes back flat.
/// </summary>
public class FlatInputTests
{
    public FlatInputTests() => TestSetup.UseCpuByDefault();

    private const int Batch = 3, Width = 2;

    private static HostTensor Random(string name, int seed, params int[] shape)
    {
        var r = new Random(seed);
        return new HostTensor(name, shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => r.NextDouble()).ToArray());
    }

    private static ProbeTensors Weights(bool layerNorm)
    {
        var critic = MnistDcgan.Critic(new ModelOptions(Width, new RandomStream(7), DType.Float64, CpuBackend.Instance), layerNorm);
        return new ProbeTensors("w", critic.StateDict().ToDictionary(p => p.Name, p => HostTensor.FromNDArray(p.Name, p.Value.Data)));
    }

    private static ProbeTensors Inputs(params int[] sampleShape)
    {
        int[] shape = [Batch, .. sampleShape];
        return new ProbeTensors("i", new Dictionary<string, HostTensor>
        {
            ["real"] = Random("real", 1, shape), ["fake"] = Random("fake", 2, shape), ["alpha"] = new HostTensor("alpha", [Batch], new[] { 0.1, 0.6, 0.8 }),
        });
    }

    [Theory]
    [InlineData("mnist-dcgan")]
    [InlineData("mnist-dcgan-ln")]
    public void A_probe_with_flat_rows_equals_the_image_probe(string model)
    {
        var weights = Weights(model.EndsWith("-ln", StringComparison.Ordinal));
        var images = CriticProbe.Run(model, weights, Inputs(1, 28, 28), 10, DType.Float64, CpuBackend.Instance, out _);
        var flat = CriticProbe.Run(model, weights, Inputs(784), 10, DType.Float64, CpuBackend.Instance, out _);
        Assert.Equal(images.Keys.Order(StringComparer.Ordinal), flat.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("grad.conv1.weight", flat.Keys);
        foreach (var (name, t) in images)
            Assert.True(((double[])t.Data).SequenceEqual((double[])flat[name].Data), $"{name} differs between the layouts");
        Assert.Equal([Batch, 1, 28, 28], images["input_grad"].Shape);
        Assert.Equal([Batch, 784], flat["input_grad"].Shape);
        Assert.Contains(((double[])flat["input_grad"].Data), v => v != 0);
    }

    [Fact]
    public void Other_shapes_are_refused_naming_both_layouts()
    {
        var critic = MnistDcgan.Critic(new ModelOptions(Width, new RandomStream(7), DType.Float64, CpuBackend.Instance));
        var e = Assert.Throws<ArgumentException>(() => critic.Forward(Tensor.Zeros([2, 100], DType.Float64)));
        Assert.Contains("[2, 100]", e.Message);
        Assert.Contains("[N, 784]", e.Message);
        Assert.Contains("[N, 1, 28, 28]", e.Message);
    }
}
