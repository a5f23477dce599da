using System.Diagnostics;
using Engine.Gan.Classifier;
using Engine.Distributed;
using Engine.Gan.Data;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>
/// A training run with its outputs: trains a <see cref="WganTrainer"/> for the configured
/// iterations, logs metrics.jsonl, rewrites the checkpoint every N iterations (atomically), and at
/// the end evaluates the generator and writes summary.json, samples.png and curves.png. With
/// <c>resume</c> it continues from the folder's checkpoint and ends where an uninterrupted run with
/// the same seed ends. On MNIST every evaluation also judges generated digits with the digit
/// classifier (<see cref="Classifier"/>, loaded from or trained into <see cref="ClassifierDirectory"/> on first use).
/// In a data-parallel run every rank trains and reads the checkpoint on resume; rank 0 alone
/// writes metrics, checkpoints and outputs, and every rank stops at the same iteration.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly MetricsLog? _log;
    private readonly double _secondsBefore;
    private readonly RunLock? _lock;

    /// <summary>
    /// Prepares the run and, in the process that writes it, takes the output folder (see <see cref="RunLock"/>);
    /// with <paramref name="resume"/> loads <c>checkpoint.safetensors</c> from <paramref name="outDirectory"/>;
    /// with <paramref name="parallel"/> this process is one rank of a data-parallel run (rank 0 alone locks and writes).
    /// A folder that already holds a run is refused unless the run is resumed or
    /// <paramref name="overwrite"/> says to replace it (its files are then deleted first). Temporary
    /// files left by an interrupted write are removed.
    /// </summary>
    /// <exception cref="IOException">The folder is in use by another process, or holds a run and neither <paramref name="resume"/> nor <paramref name="overwrite"/> is set.</exception>
    public TrainingRun(TrainConfig config, IBackend backend, string outDirectory, bool resume, IDataSource? data = null, DataParallel? parallel = null,
        bool overwrite = false)
    {
        config.Validate();
        Outputs = new RunOutputs(outDirectory);
        var writes = parallel?.IsRoot ?? true;
        _lock = writes ? RunLock.Acquire(Outputs.Directory, resume ? "train --resume" : "train") : null;
        try
        {
            RemovedTemporaries = writes ? Engine.Tensors.Formats.AtomicFile.RemoveStale(Outputs.Directory) : [];
            var existing = writes ? Outputs.RunFiles.Where(File.Exists).ToArray() : [];
            if (!resume && existing.Length > 0)
            {
                if (!overwrite)
                    throw new IOException($"--out '{outDirectory}' already holds a run ({string.Join(", ", existing.Select(Path.GetFileName))}); " +
                        "pass --resume to continue it or --overwrite to replace it");
                foreach (var f in existing) File.Delete(f);
            }
            Trainer = new WganTrainer(config, backend, data, parallel);
            if (resume)
            {
                if (!File.Exists(Outputs.Checkpoint))
                    throw new FileNotFoundException($"--resume: no checkpoint at '{Outputs.Checkpoint}' to resume from", Outputs.Checkpoint);
                Trainer.LoadCheckpoint(Outputs.Checkpoint);
            }
            StartIteration = Trainer.Iteration;
            if (writes)
            {
                _log = new MetricsLog(Outputs.Metrics, keepBefore: StartIteration);
                _secondsBefore = _log.History.Count > 0 ? _log.History[^1].Seconds : 0;
            }
        }
        catch
        {
            _lock?.Dispose();
            throw;
        }
    }

    /// <summary>The temporary files of interrupted writes that the start removed (names only).</summary>
    public IReadOnlyList<string> RemovedTemporaries { get; }

    /// <summary>Releases the output folder.</summary>
    public void Dispose() => _lock?.Dispose();

    /// <summary>The trainer (models, optimizers, data).</summary>
    public WganTrainer Trainer { get; }

    /// <summary>Where the files go.</summary>
    public RunOutputs Outputs { get; }

    /// <summary>True when this process writes the run's files (a single process, or rank 0 of a data-parallel run).</summary>
    public bool Writes => Trainer.Parallel?.IsRoot ?? true;

    /// <summary>The iteration this process started at (0, or the checkpoint's on resume).</summary>
    public int StartIteration { get; }

    /// <summary>Called after every iteration (progress display).</summary>
    public Action<IterationStats>? OnIteration { get; set; }

    /// <summary>Called before the final evaluation, which takes a few seconds.</summary>
    public Action? OnEvaluating { get; set; }

    /// <summary>
    /// The digit classifier that judges generated MNIST digits. When null on MNIST, the first
    /// evaluation loads it from <see cref="ClassifierDirectory"/> or trains it there (reporting to <see cref="OnClassifierProgress"/>).
    /// </summary>
    public DigitClassifier? Classifier { get; set; }

    /// <summary>Where the classifier is cached (default <c>runs/classifier</c>).</summary>
    public string ClassifierDirectory { get; set; } = ClassifierCache.DefaultDirectory;

    /// <summary>Called while the classifier trains (when no cached one fits the data).</summary>
    public Action<ClassifierProgress>? OnClassifierProgress { get; set; }

    /// <summary>Generated digits judged per evaluation (<see cref="Evaluation.DigitSampleCount"/> by default).</summary>
    public int DigitSamples { get; set; } = Evaluation.DigitSampleCount;

    /// <summary>The classifier for this run's data (null unless the data is MNIST), loaded or trained on first use.</summary>
    public DigitClassifier? ResolveClassifier()
    {
        if (Classifier is null && Trainer.Data is MnistSource mnist)
            Classifier = ClassifierCache.LoadOrTrain(mnist.Images, ClassifierDirectory, new ClassifierOptions(), Trainer.Backend, OnClassifierProgress).Classifier;
        return Classifier;
    }

    /// <summary>A stop every rank agrees on (a rank that stopped alone would leave the others waiting in an all-reduce).</summary>
    private bool StopRequested(CancellationToken cancel) =>
        Trainer.Parallel is { } p ? p.Collective.AnyRank(cancel.IsCancellationRequested) : cancel.IsCancellationRequested;

    private Evaluation Evaluate(bool ema) => Evaluation.Measure(Trainer, ema, ResolveClassifier(), DigitSamples);

    /// <summary>
    /// Trains until the configured iterations are done or <paramref name="cancel"/> fires; either way
    /// the checkpoint is written, so the run can be resumed. Outputs are written when training completes.
    /// </summary>
    public RunSummary Run(CancellationToken cancel = default)
    {
        var config = Trainer.Config;
        var memory = new MemoryTrace(Trainer.Backend);
        // About twenty readings over the run, enough to see whether memory stays flat.
        var sampleEvery = Math.Max(1, config.Iters / 20);
        memory.Sample(Trainer.Iteration);
        var clock = Stopwatch.StartNew();
        while (Trainer.Iteration < config.Iters && !StopRequested(cancel))
        {
            var stats = Trainer.RunIteration(_secondsBefore + clock.Elapsed.TotalSeconds);
            var done = Trainer.Iteration;
            if (done % sampleEvery == 0) memory.Sample(done);
            var evaluate = config.EvalEvery > 0 && done % config.EvalEvery == 0 && Writes;
            if (evaluate)
                stats = stats with { Eval = Evaluate(ema: false), EvalEma = Trainer.GeneratorEma is null ? null : Evaluate(ema: true) };
            if (stats.Iteration % config.LogEvery == 0 || done == config.Iters || evaluate) _log?.Append(stats);
            OnIteration?.Invoke(stats);
            if (config.CheckpointEvery > 0 && done % config.CheckpointEvery == 0 && done < config.Iters && Writes)
                Trainer.SaveCheckpoint(Outputs.Checkpoint);
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        if (memory.Samples[^1].Iteration != Trainer.Iteration) memory.Sample(Trainer.Iteration);
        if (Writes) Trainer.SaveCheckpoint(Outputs.Checkpoint);
        var completed = Trainer.Iteration >= config.Iters;
        var summary = new RunSummary(this, completed, trainSeconds, _secondsBefore + trainSeconds, memory);
        if (Trainer.Parallel is not null) summary.ReplicaFingerprints = Trainer.ReplicaFingerprints();
        if (!completed || _log is null) return summary;

        OnEvaluating?.Invoke();
        summary.Evaluation = Evaluate(ema: false);
        if (Trainer.GeneratorEma is not null) summary.EvaluationEma = Evaluate(ema: true);
        RunArtifacts.WritePlots(Trainer, _log.History, Outputs);
        summary.Write(Outputs.Summary, _log.History);
        return summary;
    }
}
