using Engine.Gan.Penalties;
using Engine.Gan.Models;
using BenchmarkDotNet.Attributes;
using Engine.Autodiff;
using Engine.Gan.Bench;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>
/// The headline suite: one critic step of each model at its official batch size, plain and with
/// each penalty (the penalty's extra cost is the ratio of a row to the "none" row of its model).
/// The same steps as <c>engine bench</c>, which interleaves them in one process and adds the
/// FLOP ratio; this suite gives BenchmarkDotNet's statistics.
/// </summary>
[MemoryDiagnoser]
public class CriticStepBenchmarks
{
    private WganTrainer _trainer = null!;

    /// <summary>Every model of the registry, at its official batch size.</summary>
    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = ModelRegistry.ToyMlp.Name;

    /// <summary>Every regulariser of the registry; the first, none, is the plain critic step.</summary>
    [ParamsSource(nameof(Penalties))]
    public string Penalty { get; set; } = Regularizers.None.Name;

    /// <summary>The model names.</summary>
    public static IEnumerable<string> Models => ModelRegistry.Names;

    /// <summary>The regulariser names.</summary>
    public static IEnumerable<string> Penalties => Regularizers.Names;

    [GlobalSetup]
    public void Setup()
    {
        Tensor.DefaultBackend = CpuBackend.Instance;
        var batch = CriticStepBenchmark.Models.Single(m => m.Model == Model).Batch;
        _trainer = CriticStepBenchmark.CreateTrainer(new BenchCase(Model, Penalty, batch), CpuBackend.Instance);
    }

    [Benchmark]
    public double CriticStep() => _trainer.CriticStep().Loss;
}
