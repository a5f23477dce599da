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

    /// <summary>toy-mlp (batch 256), mnist-dcgan and mnist-dcgan-ln (batch 50).</summary>
    [Params("toy-mlp", "mnist-dcgan", "mnist-dcgan-ln")]
    public string Model { get; set; } = "toy-mlp";

    /// <summary>none is the plain critic step.</summary>
    [Params("none", "gp", "lp", "r1", "dragan", "sn", "clip")]
    public string Penalty { get; set; } = "none";

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
