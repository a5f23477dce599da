using Engine.Autodiff;
using Engine.Gan.Models;
using Engine.Nn;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gan;

public class ModuleTests
{
    public ModuleTests() => TestSetup.UseCpuByDefault();

    private static ModelOptions Options(int width, bool sn = false, DType dtype = DType.Float32) =>
        new(width, new RandomStream(7), dtype, CpuBackend.Instance, sn);

    [Fact]
    public void Toy_networks_use_PyTorch_state_dict_names_and_layouts()
    {
        var critic = ToyMlp.Critic(Options(512));
        var names = critic.StateDict().Select(p => $"{p.Name}:{p.Value.ShapeString}").ToArray();
        Assert.Equal(["l1.weight:[512, 2]", "l1.bias:[512]", "l2.weight:[512, 512]", "l2.bias:[512]",
            "l3.weight:[512, 512]", "l3.bias:[512]", "out.weight:[1, 512]", "out.bias:[1]"], names);
        var generator = ToyMlp.Generator(Options(512));
        Assert.Equal("out.weight:[2, 512]", generator.StateDict().Select(p => $"{p.Name}:{p.Value.ShapeString}").ToArray()[6]);
    }

    [Fact]
    public void Spectral_norm_names_follow_torch_nn_utils_spectral_norm()
    {
        var names = ToyMlp.Critic(Options(8, sn: true)).StateDict().Select(p => p.Name).ToArray();
        Assert.Equal(["l1.weight_orig", "l1.bias", "l2.weight_orig", "l2.bias", "l3.weight_orig", "l3.bias", "out.weight_orig", "out.bias",
            "l1.weight_u", "l1.weight_v", "l2.weight_u", "l2.weight_v", "l3.weight_u", "l3.weight_v", "out.weight_u", "out.weight_v"], names);
    }

    [Fact]
    public void Mnist_networks_have_the_official_shapes_and_names()
    {
        var critic = MnistDcgan.Critic(Options(4));
        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias", "fc.weight", "fc.bias"],
            critic.StateDict().Select(p => p.Name));
        Assert.Equal([1, 4 * 4 * 4 * 4], critic.StateDict().Single(p => p.Name == "fc.weight").Value.Shape);
        var generator = MnistDcgan.Generator(Options(4));
        var z = Tensor.Normal(new RandomStream(1), [3, MnistDcgan.NoiseDim]);
        var images = generator.Forward(z);
        Assert.Equal([3, 1, 28, 28], images.Shape);
        Assert.All(images.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
        Assert.Equal([3, 1], critic.Forward(images).Shape);
        var ln = MnistDcgan.Critic(Options(4), layerNorm: true);
        Assert.Contains(ln.StateDict(), p => p.Name == "ln2.weight" && p.Value.Shape.SequenceEqual([8, 7, 7]));
        Assert.Equal([3, 1], ln.Forward(images).Shape);
    }

    [Fact]
    public void Official_init_is_He_uniform_hidden_Glorot_uniform_output_and_zero_bias()
    {
        var critic = ToyMlp.Critic(Options(512));
        var sd = critic.StateDict().ToDictionary(p => p.Name, p => p.Value.ToDoubleArray());
        void Bound(string name, double bound)
        {
            var max = sd[name].Max(Math.Abs);
            Assert.True(max <= bound, $"{name}: max |w| {max} exceeds {bound}");
            Assert.True(max > 0.95 * bound, $"{name}: max |w| {max} is far inside {bound}; not U(+-{bound})?");
        }
        Bound("l1.weight", Math.Sqrt(6.0 / 2));
        Bound("l2.weight", Math.Sqrt(6.0 / 512));
        Bound("out.weight", Math.Sqrt(6.0 / (512 + 1)));
        Assert.All(new[] { "l1.bias", "l2.bias", "l3.bias", "out.bias" }, n => Assert.All(sd[n], v => Assert.Equal(0.0, v)));
    }

    [Fact]
    public void Spectral_norm_converges_to_the_largest_singular_value()
    {
        var layer = new Linear(6, 4, new RandomStream(3), spectralNorm: true, dtype: DType.Float64, backend: CpuBackend.Instance);
        var x = Tensor.Normal(new RandomStream(4), [2, 6], dtype: DType.Float64);
        for (var i = 0; i < 60; i++) layer.Forward(x);
        var w = layer.Weight.ToDoubleArray();
        var sigma = LargestSingularValue(w, 4, 6);
        Assert.Equal(sigma, layer.Spectral!.LastSigma, 1e-6);
        // the normalised weight has spectral norm 1
        Tensor normalized;
        using (GradMode.NoGrad()) normalized = layer.Spectral.Apply(layer.Weight, update: false);
        Assert.Equal(1.0, LargestSingularValue(normalized.ToDoubleArray(), 4, 6), 1e-6);
    }

    [Fact]
    public void Spectral_norm_gradient_matches_finite_differences()
    {
        var sn = new SpectralNormalizer([3, 5], new RandomStream(5), DType.Float64);
        var w = Tensor.Normal(new RandomStream(6), [3, 5], dtype: DType.Float64, requiresGrad: true);
        var x = Tensor.Normal(new RandomStream(7), [4, 5], dtype: DType.Float64);
        using (GradMode.NoGrad()) for (var i = 0; i < 5; i++) sn.Apply(w.Detach(), update: true);
        var result = GradientCheck.GradCheck(p => x.Linear(sn.Apply(p[0], update: false)).Tanh().Sum(), [w]);
        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void Invalid_layer_sizes_are_refused_with_the_layer_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new Linear(0, 3, new RandomStream(1)));
        Assert.Contains("Linear", e.Message);
        Assert.Throws<ArgumentException>(() => new Sequential(("a.b", new Relu())));
        Assert.Throws<ArgumentException>(() => new Sequential(("x", new Relu()), ("x", new Tanh())));
    }

    private static double LargestSingularValue(double[] w, int rows, int cols)
    {
        var v = Enumerable.Repeat(1.0, cols).ToArray();
        double sigma = 0;
        for (var it = 0; it < 500; it++)
        {
            var u = new double[rows];
            for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) u[i] += w[i * cols + j] * v[j];
            var nv = new double[cols];
            for (var j = 0; j < cols; j++) for (var i = 0; i < rows; i++) nv[j] += w[i * cols + j] * u[i];
            var norm = Math.Sqrt(nv.Sum(a => a * a));
            sigma = Math.Sqrt(norm);
            v = nv.Select(a => a / norm).ToArray();
        }
        return sigma;
    }
}
