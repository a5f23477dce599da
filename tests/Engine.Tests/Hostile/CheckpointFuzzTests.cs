using System.Text;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Engine.Tests.Formats;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Hostile;

/// <summary>
/// Checkpoint metadata and tensors, mutated: the safetensors bytes (truncations, random mutants)
/// and the contents a valid file can still carry wrongly (a missing tensor, NaN and Inf, negative
/// second moments, wrong shapes, configuration text that is not a configuration, bad counters).
/// Every mutant is refused with a <see cref="MalformedFileException"/> naming the file, or loads.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static TrainConfig Tiny => new() { Width = 4, Batch = 8, Iters = 2, CheckpointEvery = 0, LogEvery = 1, EvalEvery = 0, Seed = 3, EmaDecay = 0.9 };

    /// <summary>A finished two-iteration run's checkpoint, and a trainer of the same configuration to load it into.</summary>
    internal static (string Path, WganTrainer Trainer) Checkpoint(string directory)
    {
        using (var run = new TrainingRun(Tiny, CpuBackend.Instance, directory, resume: false)) run.Run();
        return (Path.Combine(directory, "checkpoint.safetensors"), new WganTrainer(Tiny with { Iters = 4 }, CpuBackend.Instance));
    }

    [Fact]
    public void Checkpoint_mutants_are_refused_cleanly_or_load()
    {
        var (path, trainer) = Checkpoint(Path.Combine(_dir.Path, "run"));
        var original = File.ReadAllBytes(path);
        var target = _dir.File("mutant.safetensors");
        var m = new Mutants("checkpoint", "mutant.safetensors", output);
        object? Load(byte[] b)
        {
            File.WriteAllBytes(target, b);
            trainer.LoadCheckpoint(target);
            return trainer;
        }
        // Every 3rd offset: each load parses the whole file and checks every tensor.
        for (var n = 0; n < original.Length; n += 3)
        {
            var before = m.Refused;
            m.Check("truncation", original[..n], Load);
            Assert.True(m.Refused == before + 1, $"checkpoint cut to {n} bytes was accepted");
        }
        m.Random(original, 1000, Load);

        var file = SafeTensors.Load(original, "checkpoint");
        byte[] With(Func<HostTensor, HostTensor?> tensor, Func<Dictionary<string, string>, Dictionary<string, string>>? meta = null)
        {
            var tensors = file.Tensors.Values.Select(tensor).Where(t => t is not null).Select(t => t!).ToList();
            var metadata = new Dictionary<string, string>(file.Metadata);
            return SafeTensors.Serialize(tensors, meta is null ? metadata : meta(metadata));
        }
        byte[] Meta(string key, string value) => With(t => t, d => { d[key] = value; return d; });
        HostTensor Poke(HostTensor t, double value) => new(t.Name, t.Shape, ((float[])t.Data).Select((v, i) => i == 0 ? (float)value : v).ToArray());

        var hostile = new List<(string Kind, byte[] Bytes)>();
        foreach (var name in file.Names)
        {
            hostile.Add(($"missing {name}", With(t => t.Name == name ? null : t)));
            hostile.Add(($"NaN in {name}", With(t => t.Name == name ? Poke(t, double.NaN) : t)));
            hostile.Add(($"+Inf in {name}", With(t => t.Name == name ? Poke(t, double.PositiveInfinity) : t)));
            hostile.Add(($"wrong shape of {name}", With(t => t.Name == name ? new HostTensor(name, [t.Numel + 1], new float[t.Numel + 1]) : t)));
            if (name.EndsWith(".exp_avg_sq", StringComparison.Ordinal))
                hostile.Add(($"negative second moment in {name}", With(t => t.Name == name ? Poke(t, -1e-3) : t)));
        }
        hostile.Add(("an extra tensor", SafeTensors.Serialize([.. file.Tensors.Values, new HostTensor("critic.l9.weight", [1], new float[1])], file.Metadata)));
        foreach (var config in new[] { "not json", "{", "[]", "null", "1", "\"x\"", Mutants.DeepJson(10_000), "{\"dataset\":\"\\ud800\"}", "{\"d_type\":\"Float128\"}", "{\"width\":1e999}", "{\"iters\":-1}", "{\"seed\":-1}" })
            hostile.Add(($"config {config[..Math.Min(12, config.Length)]}", Meta("config", config)));
        foreach (var key in new[] { "iteration", "optimizer.critic.steps", "rng.noise.counter", "data.counter" })
            foreach (var value in new[] { "-1", "99999999999999999999", "1e3", "NaN", "", " 1", "0x10" })
                hostile.Add(($"{key} = '{value}'", Meta(key, value)));
        hostile.Add(("iteration beyond the run", Meta("iteration", "5")));
        hostile.Add(("another format", Meta("format", "engine.wgan.checkpoint/0")));
        hostile.Add(("no format", With(t => t, d => { d.Remove("format"); return d; })));
        foreach (var (kind, bytes) in hostile)
        {
            var before = m.Refused;
            m.Check(kind, bytes, Load);
            Assert.True(m.Refused == before + 1, $"checkpoint: {kind} was accepted");
        }
        m.Report();
    }
}
