using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>A run killed after k iterations and resumed ends exactly where an uninterrupted run ends.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-resume-" + Guid.NewGuid().ToString("N"));

    public ResumeTests() => TestSetup.UseCpuByDefault();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private sealed class Killed : Exception;

    private static TrainConfig Config(string penalty, string dataset, int regEvery = 1) =>
        new() { RegEvery = regEvery, Width = 16, Batch = 32, Iters = 12, CheckpointEvery = 4, LogEvery = 1, Penalty = penalty, Dataset = dataset, Seed = 5, EmaDecay = 0.95, EvalEvery = 6 };

    [Theory]
    [InlineData("gp", "8gaussians")]
    [InlineData("sn", "25gaussians")]
    [InlineData("clip", "swissroll")]
    [InlineData("zcr", "8gaussians")]
    [InlineData("r1", "8gaussians", 3)]  // lazy: 5 critic steps per iteration, so the regularised steps fall at varying places
    public void Kill_and_resume_matches_an_uninterrupted_run_bitwise(string penalty, string dataset, int regEvery = 1)
    {
        var config = Config(penalty, dataset, regEvery);
        using (var straight = new TrainingRun(config, CpuBackend.Instance, Path.Combine(_root, "a"), resume: false)) straight.Run();

        var dir = Path.Combine(_root, "b");
        using (var killed = new TrainingRun(config, CpuBackend.Instance, dir, resume: false)
        {
            // die in the middle of iteration 10: the last checkpoint is the one after iteration 8
            OnIteration = s => { if (s.Iteration == 9) throw new Killed(); },
        })
            Assert.Throws<Killed>(() => killed.Run());
        Assert.Equal("8", SafeTensors.Load(Path.Combine(dir, "checkpoint.safetensors")).Metadata["iteration"]);

        using var resumed = new TrainingRun(config, CpuBackend.Instance, dir, resume: true);
        Assert.Equal(8, resumed.StartIteration);
        var summary = resumed.Run();
        Assert.True(summary.Completed);

        var a = SafeTensors.Load(Path.Combine(_root, "a", "checkpoint.safetensors"));
        var b = SafeTensors.Load(Path.Combine(dir, "checkpoint.safetensors"));
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        Assert.Contains("generator_ema.l1.weight", a.Tensors.Keys);
        foreach (var (name, t) in a.Tensors)
            Assert.True(((float[])t.Data).SequenceEqual((float[])b.Tensors[name].Data), $"tensor {name} differs after resume");
        foreach (var key in new[] { "iteration", "rng.noise.counter", "rng.penalty.counter", "optimizer.critic.steps" })
            Assert.Equal(a.Metadata[key], b.Metadata[key]);

        // metrics.jsonl reads as one run: the same iterations with the same values (wall time aside)
        static string[] Lines(string d) => File.ReadAllLines(Path.Combine(d, "metrics.jsonl"))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"seconds\":[^,}]*", "")).ToArray();
        Assert.Equal(Lines(Path.Combine(_root, "a")), Lines(dir));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_refused_with_a_clear_error_and_left_untouched()
    {
        var config = Config("gp", "8gaussians") with { Iters = 4 };
        var dir = Path.Combine(_root, "c");
        using (var run = new TrainingRun(config, CpuBackend.Instance, dir, resume: false)) run.Run();
        var path = Path.Combine(dir, "checkpoint.safetensors");
        var bytes = File.ReadAllBytes(path);

        foreach (var corrupt in new[] { bytes[..(bytes.Length / 2)], bytes[..5], Flip(bytes, 12) })
        {
            File.WriteAllBytes(path, corrupt);
            var e = Assert.Throws<MalformedFileException>(() => new TrainingRun(config with { Iters = 8 }, CpuBackend.Instance, dir, resume: true));
            Assert.Contains("checkpoint.safetensors", e.Message);
            Assert.Equal(corrupt, File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void Resuming_with_a_different_configuration_names_the_difference()
    {
        var config = Config("gp", "8gaussians") with { Iters = 4 };
        var dir = Path.Combine(_root, "d");
        using (var run = new TrainingRun(config, CpuBackend.Instance, dir, resume: false)) run.Run();
        var e = Assert.Throws<MalformedFileException>(() => new TrainingRun(config with { Lambda = 5, Iters = 8 }, CpuBackend.Instance, dir, resume: true));
        Assert.Contains("Lambda", e.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => new TrainingRun(config, CpuBackend.Instance, Path.Combine(_root, "none"), resume: true));
        Assert.Contains("no checkpoint", missing.Message);
    }

    private static byte[] Flip(byte[] b, int at)
    {
        var c = (byte[])b.Clone();
        c[at] = (byte)'#'; // breaks the JSON header
        return c;
    }
}
