using Engine.Gan.Probe;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary><c>engine probe</c>: its gradients against central differences of its own loss, and its refusals.</summary>
public sealed class ProbeTests : CliHarness
{
    private const int Width = 4, Batch = 3;

    public ProbeTests() => TestSetup.UseCpuByDefault();

    private static HostTensor Random(string name, int seed, params int[] shape)
    {
        var r = new Random(seed);
        return new HostTensor(name, shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => r.NextDouble() * 2 - 1).ToArray());
    }

    internal static List<HostTensor> Weights() =>
    [
        Random("l1.weight", 1, Width, 2), Random("l1.bias", 2, Width), Random("l2.weight", 3, Width, Width), Random("l2.bias", 4, Width),
        Random("l3.weight", 5, Width, Width), Random("l3.bias", 6, Width), Random("out.weight", 7, 1, Width), Random("out.bias", 8, 1),
    ];

    internal static List<HostTensor> Inputs() =>
        [Random("real", 9, Batch, 2), Random("fake", 10, Batch, 2), new HostTensor("alpha", [Batch], new[] { 0.2, 0.5, 0.9 })];

    private static double Loss(List<HostTensor> weights) =>
        ((double[])CriticProbe.Run("toy-mlp", SafeTensors.Load(SafeTensors.Serialize(weights), "w"), SafeTensors.Load(SafeTensors.Serialize(Inputs()), "i"),
            10, DType.Float64, CpuBackend.Instance, out _)["loss"].Data)[0];

    [Fact]
    public void Gradients_match_central_differences_of_the_loss()
    {
        Directory.CreateDirectory(_root);
        string w = Path.Combine(_root, "w.safetensors"), i = Path.Combine(_root, "i.safetensors"), o = Path.Combine(_root, "o.safetensors");
        SafeTensors.Save(w, Weights());
        SafeTensors.Save(i, Inputs());
        var (code, output, error) = Run("probe", "--weights", w, "--inputs", i, "--out", o, "--dot", Path.Combine(_root, "g.dot"));
        Assert.True(code == 0, error + output);
        var result = SafeTensors.Load(o);
        foreach (var name in new[] { "critic_real", "critic_fake", "penalty", "loss" }) Assert.Contains(name, result.Tensors.Keys);
        Assert.Equal(DType.Float64, result.Get("loss").DType);
        Assert.Contains("double backward", File.ReadAllText(Path.Combine(_root, "g.dot")));

        const double h = 1e-6;
        foreach (var p in Weights())
        {
            var analytic = (double[])result.Get("grad." + p.Name).Data;
            for (var k = 0; k < p.Numel; k++)
            {
                List<HostTensor> Shifted(double d) => Weights().Select(t =>
                {
                    if (t.Name != p.Name) return t;
                    var data = (double[])t.Data.Clone();
                    data[k] += d;
                    return new HostTensor(t.Name, t.Shape, data);
                }).ToList();
                var numeric = (Loss(Shifted(h)) - Loss(Shifted(-h))) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[k]) <= 1e-6 + 1e-4 * Math.Abs(numeric),
                    $"grad.{p.Name}[{k}]: analytic {analytic[k]} vs numeric {numeric}");
            }
        }
    }

    [Fact]
    public void Npy_folders_in_and_out_give_the_same_tensors_as_safetensors()
    {
        Directory.CreateDirectory(_root);
        string w = Path.Combine(_root, "w.safetensors"), i = Path.Combine(_root, "i.safetensors"), o = Path.Combine(_root, "o.safetensors");
        SafeTensors.Save(w, Weights());
        SafeTensors.Save(i, Inputs());
        var (code, output, error) = Run("probe", "--weights", w, "--inputs", i, "--out", o);
        Assert.True(code == 0, error + output);

        string wDir = Path.Combine(_root, "w"), iDir = Path.Combine(_root, "i"), oDir = Path.Combine(_root, "o");
        NpyFolder.Save(wDir, Weights());
        NpyFolder.Save(iDir, Inputs());
        Assert.True(File.Exists(Path.Combine(wDir, "l1.weight.npy")) && File.Exists(Path.Combine(iDir, "real.npy")));
        (code, output, error) = Run("probe", "--weights", wDir, "--inputs", iDir, "--out", oDir);
        Assert.True(code == 0, error + output);
        Assert.Contains("one .npy per tensor", output);

        var expected = SafeTensors.Load(o);
        var actual = NpyFolder.Load(oDir);
        Assert.Equal(expected.Names.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(oDir, "grad.l1.weight.npy")));
        foreach (var name in expected.Names)
        {
            Assert.Equal(expected.Get(name).Shape, actual[name].Shape);
            Assert.Equal(DType.Float64, actual[name].DType);
            Assert.Equal((double[])expected.Get(name).Data, (double[])actual[name].Data);
        }

        // Mixed forms work too; a folder without alpha.npy, or with no .npy at all, is refused by name.
        (code, output, error) = Run("probe", "--weights", wDir, "--inputs", i, "--out", Path.Combine(_root, "mixed.safetensors"));
        Assert.True(code == 0, error + output);
        Assert.Equal((double[])expected.Get("loss").Data, (double[])SafeTensors.Load(Path.Combine(_root, "mixed.safetensors")).Get("loss").Data);
        File.Delete(Path.Combine(iDir, "alpha.npy"));
        (code, _, error) = Run("probe", "--weights", wDir, "--inputs", iDir, "--out", oDir);
        Assert.Equal(2, code);
        Assert.Contains("'alpha'", error);
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        (code, _, error) = Run("probe", "--weights", empty, "--inputs", i, "--out", oDir);
        Assert.Equal(2, code);
        Assert.Contains("holds no .npy files", error);
    }

    [Fact]
    public void Wrong_shapes_missing_inputs_and_corrupt_files_are_refused_by_name()
    {
        Directory.CreateDirectory(_root);
        string w = Path.Combine(_root, "w.safetensors"), i = Path.Combine(_root, "i.safetensors"), o = Path.Combine(_root, "o.safetensors");
        var weights = Weights();
        weights[2] = Random("l2.weight", 3, Width, Width + 1);
        SafeTensors.Save(w, weights);
        SafeTensors.Save(i, Inputs());
        var (code, _, error) = Run("probe", "--weights", w, "--inputs", i, "--out", o);
        Assert.Equal(2, code);
        Assert.Contains("'l2.weight'", error);

        SafeTensors.Save(w, Weights());
        SafeTensors.Save(i, Inputs().Where(t => t.Name != "alpha"));
        (code, _, error) = Run("probe", "--weights", w, "--inputs", i, "--out", o);
        Assert.Equal(2, code);
        Assert.Contains("alpha", error);

        var bytes = SafeTensors.Serialize(Weights());
        BitConverter.GetBytes((ulong)bytes.Length * 4).CopyTo(bytes, 0); // header length beyond the file
        File.WriteAllBytes(w, bytes);
        (code, _, error) = Run("probe", "--weights", w, "--inputs", i, "--out", o);
        Assert.Equal(2, code);
        Assert.Contains("w.safetensors", error);
        Assert.False(File.Exists(o));
    }
}
