using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Tensors.Formats;

namespace Engine.Gan.Training;

/// <summary>The outcome of a run: timing, final losses, evaluation, and the summary.json it writes.</summary>
public sealed class RunSummary
{
    private readonly TrainingRun _run;

    internal RunSummary(TrainingRun run, bool completed, double secondsThisProcess, double secondsTotal, MemoryTrace memory)
    {
        _run = run;
        Memory = memory;
        PeakResidentBytes = MemoryTrace.PeakResidentBytes();
        Completed = completed;
        SecondsThisProcess = secondsThisProcess;
        SecondsTotal = secondsTotal;
        IterationsThisProcess = run.Trainer.Iteration - run.StartIteration;
    }

    /// <summary>True when all configured iterations ran.</summary>
    public bool Completed { get; }

    /// <summary>Training wall time of this process (excluding evaluation and plots).</summary>
    public double SecondsThisProcess { get; }

    /// <summary>Training wall time including the time before a resume.</summary>
    public double SecondsTotal { get; }

    /// <summary>Iterations run by this process.</summary>
    public int IterationsThisProcess { get; }

    /// <summary>Iterations per second in this process.</summary>
    public double IterationsPerSecond => SecondsThisProcess > 0 ? IterationsThisProcess / SecondsThisProcess : 0;

    /// <summary>The process's memory over the training loop (resident set readings, collections).</summary>
    public MemoryTrace Memory { get; }

    /// <summary>Garbage collections (all generations) per iteration of this process's training loop.</summary>
    public double CollectionsPerIteration => IterationsThisProcess > 0 ? (double)Memory.Collections() / IterationsThisProcess : 0;

    /// <summary>Critic-step timings of this process's training loop (null when it ran no step), comparable with <c>engine bench</c>'s.</summary>
    public Bench.StepTimings? CriticStep => _run.Trainer.CriticStepMilliseconds.Count > 0 ? Bench.StepTimings.Of(_run.Trainer.CriticStepMilliseconds) : null;

    /// <summary>The largest resident set of the process up to the end of training.</summary>
    public long PeakResidentBytes { get; }

    /// <summary>The final evaluation (set when the run completed).</summary>
    public Evaluation? Evaluation { get; internal set; }

    /// <summary>The evaluation of the generator's weight average (set when the run completed with EMA on).</summary>
    public Evaluation? EvaluationEma { get; internal set; }

    /// <summary>Data-parallel runs: each rank's SHA-256 of its weights and optimizer state at the end (all equal when the replicas agree bitwise).</summary>
    public string[]? ReplicaFingerprints { get; internal set; }

    /// <summary>True unless a data-parallel run's replicas ended with different state.</summary>
    public bool ReplicasIdentical => ReplicaFingerprints is null || ReplicaFingerprints.Distinct().Count() == 1;

    /// <summary>The commit the program was built from (from the assembly's informational version), or null.</summary>
    public static string? GitCommit()
    {
        var version = typeof(RunSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : null;
    }

    /// <summary>Writes summary.json (atomically): configuration, effective settings, timing, final losses, evaluation, commit.</summary>
    public void Write(string path, IReadOnlyList<IterationStats> history)
    {
        var t = _run.Trainer;
        var c = t.Config;
        // Final losses: the mean over the last tenth of the logged iterations, steadier than one step.
        var tail = history.Skip(history.Count - Math.Max(1, history.Count / 10)).ToList();
        double Mean(Func<IterationStats, double> f) => tail.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        var o = new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(c, TrainConfigJson.Options),
            ["effective"] = new JsonObject
            {
                ["lambda"] = c.EffectiveLambda, ["optimizer"] = c.EffectiveOptimizer,
                ["lr"] = c.EffectiveLearningRate, ["width"] = c.EffectiveWidth, ["regularizer"] = t.Regularizer.ToString(),
            },
            ["iterations"] = t.Iteration,
            ["completed"] = Completed,
            ["resumed_from"] = _run.StartIteration,
            ["wall_seconds"] = Math.Round(SecondsTotal, 3),
            ["wall_seconds_this_process"] = Math.Round(SecondsThisProcess, 3),
            ["iterations_per_second"] = Math.Round(IterationsPerSecond, 3),
            ["critic_step_ms"] = CriticStep is not { } step ? null : new JsonObject
            {
                ["samples"] = step.Samples, ["median"] = Math.Round(step.MedianMs, 3), ["p10"] = Math.Round(step.P10Ms, 3), ["p90"] = Math.Round(step.P90Ms, 3),
            },
            ["memory"] = MemoryJson(),
            ["final"] = new JsonObject
            {
                ["critic_loss"] = Num(Mean(h => h.CriticLoss)), ["gen_loss"] = Num(Mean(h => h.GenLoss)),
                ["wasserstein"] = Num(Mean(h => h.Wasserstein)), ["penalty"] = Num(Mean(h => h.Penalty)),
                ["grad_norm_mean"] = Num(Mean(h => h.GradNormMean)),
            },
            ["metrics"] = EvalJson(Evaluation),
            ["metrics_ema"] = EvalJson(EvaluationEma),
            ["parameters"] = new JsonObject { ["generator"] = t.Generator.ParameterCount(), ["critic"] = t.Critic.ParameterCount() },
            ["backend"] = t.Backend.Name,
            ["data_parallel"] = ReplicaFingerprints is not { } f ? null : new JsonObject
            {
                ["ranks"] = f.Length, ["collective"] = t.Parallel!.Collective.Name,
                ["replica_sha256"] = new JsonArray(f.Select(h => (JsonNode)h).ToArray()), ["replicas_identical"] = ReplicasIdentical,
            },
            ["processors"] = Environment.ProcessorCount,
            ["git_commit"] = GitCommit(),
            ["finished_utc"] = DateTime.UtcNow.ToString("O"),
        };
        var text = o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text + "\n"));
    }

    private JsonObject MemoryJson() => new()
    {
        ["gcs"] = Memory.Collections(), ["gen1_gcs"] = Memory.Collections(1), ["gen2_gcs"] = Memory.Collections(2),
        ["gcs_per_iteration"] = Math.Round(CollectionsPerIteration, 4),
        ["peak_rss_mib"] = Math.Round(PeakResidentBytes / 1048576.0, 1),
        // [iteration, resident MiB, collections so far] at about twenty points of the training loop.
        ["rss_mib"] = new JsonArray(Memory.Samples.Select(s => (JsonNode)new JsonArray(s.Iteration, Mib(s.ResidentBytes), s.Collections)).ToArray()),
        // The same points, split by owner: [iteration, managed heap, GC committed, backend pool] in MiB.
        ["owners_mib"] = new JsonArray(Memory.Samples.Select(s =>
            (JsonNode)new JsonArray(s.Iteration, Mib(s.ManagedHeapBytes), Mib(s.ManagedCommittedBytes), Mib(s.PoolHeldBytes))).ToArray()),
    };

    private static double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static JsonObject? EvalJson(Evaluation? e) => e is null ? null : new JsonObject
    {
        ["samples"] = e.Samples,
        ["modes_covered"] = e.ModesCovered, ["mode_count"] = e.ModeCount,
        ["high_quality_fraction"] = e.HighQualityFraction,
        ["mmd2"] = Num(e.Mmd2), ["mmd_bandwidth"] = Num(e.MmdBandwidth),
        ["digits"] = e.Digits is not { } d ? null : new JsonObject
        {
            ["samples"] = d.Samples, ["classes_covered"] = d.ClassesCovered, ["coverage_share"] = Metrics.DigitQuality.CoverageShare,
            ["kl_uniform"] = Num(d.KlToUniform), ["mean_max_softmax"] = Num(d.MeanMaxSoftmax), ["frechet_distance"] = Num(d.FrechetDistance),
        },
    };

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
