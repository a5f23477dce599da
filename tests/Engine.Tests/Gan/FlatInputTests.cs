using Engine.Autodiff;
using Engine.Gan.Models;
using Engine.Gan.Probe;
using Engine.Gan.Training;
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

/// <summary><c>train</c> and <c>inspect</c> with <c>--input-layout flat</c>: the critic is fed [B, 784] rows and the run is bitwise the image run.</summary>
public sealed class FlatTrainingTests : CliHarness
{
    public FlatTrainingTests() => TestSetup.UseCpuByDefault();

    private static double[][] Snapshot(WganTrainer t) =>
        [.. t.Generator.StateDict().Concat(t.Critic.StateDict()).Select(p => p.Value.ToDoubleArray())];

    [Theory]
    [InlineData("gp")]
    [InlineData("r1")]
    [InlineData("dragan")]
    [InlineData("bcr")]
    [InlineData("zcr")]
    public void A_flat_run_is_bitwise_the_image_run(string penalty)
    {
        var config = new TrainConfig
        {
            Model = ModelRegistry.MnistDcgan.Name, Dataset = "random-images", Penalty = penalty, Width = 2, Batch = 4,
            Iters = 2, CriticIters = 2, EmaDecay = 0, Seed = 5,
        };
        var image = new WganTrainer(config, CpuBackend.Instance);
        var flat = new WganTrainer(config with { InputLayout = InputLayout.Flat }, CpuBackend.Instance);
        var before = Snapshot(image);
        for (var i = 0; i < config.Iters; i++)
        {
            var a = image.RunIteration();
            var b = flat.RunIteration();
            Assert.Equal(a with { Seconds = 0 }, b with { Seconds = 0 });
        }
        Assert.Equal(Snapshot(image), Snapshot(flat));
        Assert.NotEqual(before, Snapshot(flat));
    }

    [Fact]
    public void The_flat_critic_loss_reads_rows_of_784_and_its_penalty_gradient_comes_back_flat()
    {
        var config = new TrainConfig
        {
            Model = ModelRegistry.MnistDcgan.Name, Dataset = "random-images", Width = 2, Batch = 4, EmaDecay = 0, InputLayout = InputLayout.Flat,
        };
        var t = new WganTrainer(config, CpuBackend.Instance);
        var (_, gradient) = Engine.Gan.Penalties.CriticRegularizer.InputGradient(t.Critic, Tensor.Zeros([4, 784], DType.Float32));
        Assert.Equal([4, 784], gradient.Shape);
        var (loss, _, term) = t.CriticLoss();
        Assert.Equal([4], term!.GradNorms!.Shape);
        Assert.True(double.IsFinite(loss.Item()));
    }

    [Fact]
    public void Flat_input_is_refused_for_the_toy_model_and_unknown_layouts_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainConfig { InputLayout = InputLayout.Flat }.Validate());
        Assert.Contains("input-layout flat", e.Message);
        Assert.Contains("toy-mlp", e.Message);
        var (code, _, error) = Run("train", "--iters", "1", "--input-layout", "nchw", "--out", Path.Combine(_root, "bad"));
        Assert.Equal(2, code);
        Assert.Contains("'nchw'", error);
        Assert.Contains("image or flat", error);
    }

    [Fact]
    public void Inspect_with_flat_rows_shows_the_reshape_into_images()
    {
        var dir = Path.Combine(_root, "inspect-flat");
        var (code, output, error) = Run("inspect", "--model", "mnist-dcgan", "--penalty", "gp", "--width", "2", "--batch", "2",
            "--input-layout", "flat", "--out", dir);
        Assert.True(code == 0, error + output);
        Assert.Contains("flat [B, 784] critic input", output);
        var dot = File.ReadAllText(Path.Combine(dir, "graph.dot"));
        Assert.Contains("[2, 784]", dot);
        Assert.Contains("reshape", dot);
        var profile = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "profile.json")))!;
        Assert.Contains(profile["modules"]!.AsArray(), m => m!["module"]!.GetValue<string>() == "image");
    }
}
