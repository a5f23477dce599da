using System.Diagnostics;
using Engine.Gan.Models;
using Engine.Gan.Penalties;
using Engine.Gan.Training;
using Engine.Tensors;

namespace Engine.Gan.Bench;

/// <summary>One configuration to time: a model at its official batch size with one regulariser.</summary>
/// <param name="Model">A name of <see cref="ModelRegistry"/>.</param>
/// <param name="Penalty">A name of <see cref="Regularizers"/> (<see cref="Regularizers.None"/>: the plain critic step).</param>
/// <param name="Batch">Batch size (toy 256, MNIST 50).</param>
public sealed record BenchCase(string Model, string Penalty, int Batch);

/// <summary>Timings of one case, and its cost counted from the graph.</summary>
/// <param name="Case">What was timed.</param>
/// <param name="Timings">Milliseconds per critic step.</param>
/// <param name="Cost">FLOPs and bytes of one step, by pass.</param>
public sealed record BenchResult(BenchCase Case, StepTimings Timings, StepCost Cost);

/// <summary>
/// Times critic steps of several regularisers in one process, interleaved (plain, gp, lp, ...,
/// plain, gp, ...) so that drift in the machine's speed hits every case alike; warm-up first; then
/// round after round until the time budget is spent. Each case gets its own trainer with the same
/// seed, so they start from the same weights.
/// </summary>
public static class CriticStepBenchmark
{
    /// <summary>The regularisers compared, plain first (every entry of <see cref="Regularizers"/>).</summary>
    public static IReadOnlyList<string> Penalties => Regularizers.Names;

    /// <summary>
    /// The cost per critic step of lazy regularisation (<c>--reg-every k</c>): k - 1 plain steps and one
    /// eagerly penalised step, averaged (a lazy step without the term is exactly the plain step).
    /// Works for milliseconds and FLOPs alike.
    /// </summary>
    public static double Amortised(double plain, double eager, int k) =>
        k >= 1 ? ((k - 1) * plain + eager) / k : throw new ArgumentOutOfRangeException(nameof(k), k, "reg-every must be >= 1");

    /// <summary>The models with their official batch sizes (every entry of <see cref="ModelRegistry"/>).</summary>
    public static readonly (string Model, int Batch)[] Models =
        ModelRegistry.All.Select(m => (m.Name, m.DefaultBatch)).ToArray();

    /// <summary>A trainer for one case: the official networks and penalty weights on 8gaussians (toy) or random images (MNIST shapes), the critic fed in <paramref name="layout"/>.</summary>
    public static WganTrainer CreateTrainer(BenchCase c, IBackend backend, ulong seed = 1, int? width = null, InputLayout layout = InputLayout.Image) =>
        new(new TrainConfig
        {
            Model = c.Model, Penalty = c.Penalty, Batch = c.Batch, Seed = seed, Width = width, InputLayout = layout,
            Dataset = ModelRegistry.Get(c.Model).BenchDataset,
        }, backend);

    /// <summary>
    /// Times every case for about <paramref name="seconds"/> in total (at least <paramref name="minRounds"/>
    /// rounds) after at least <paramref name="warmup"/> untimed steps each (more, for about a second, so the JIT's
    /// optimised code is what gets timed); <paramref name="progress"/> gets the fraction done.
    /// </summary>
    public static List<BenchResult> Run(IReadOnlyList<BenchCase> cases, IBackend backend, double seconds, int warmup = 3, int minRounds = 3,
        int? width = null, Action<double>? progress = null)
    {
        var trainers = cases.Select(c => CreateTrainer(c, backend, width: width)).ToArray();
        var costs = trainers.Select(t => StepCost.Measure(() => t.CriticStep())).ToArray();
        // At least `warmup` rounds, and about a second (at most a quarter of the budget): .NET's
        // tiered JIT first runs every method unoptimised and swaps in optimised code only after it
        // has been called for a while, so a few warm-up steps would time the unoptimised one.
        var warm = Stopwatch.StartNew();
        for (var w = 0; w < warmup || (w < 1000 && warm.Elapsed.TotalSeconds < Math.Min(1.0, seconds / 4)); w++)
            foreach (var t in trainers) t.CriticStep();

        var samples = cases.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (rounds < minRounds || clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < trainers.Length; i++)
            {
                backend.Synchronize();
                var start = Stopwatch.GetTimestamp();
                trainers[i].CriticStep();
                backend.Synchronize();  // a GPU step has only been queued until here
                samples[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            rounds++;
            progress?.Invoke(Math.Min(1, clock.Elapsed.TotalSeconds / Math.Max(seconds, 1e-9)));
        }
        return cases.Select((c, i) => new BenchResult(c, StepTimings.Of(samples[i]), costs[i])).ToList();
    }
}
