using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Engine.Distributed;
using Engine.Gan.Bench;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// <c>engine bench --data-parallel</c> (time whole training iterations in this process group: alone,
/// or one rank of <c>mpirun -np N</c>) and <c>engine bench --ranks 1,2</c> (launch that once per rank
/// count on this machine, each rank with its share of the cores, and tabulate step time, the
/// gradient all-reduce time per step, and throughput against N = 1).
/// </summary>
internal sealed class DataParallelBench
{
    private const string JsonMarker = "data-parallel-json: ";

    public Option<bool> DataParallel { get; } = new("--data-parallel") { Description = "time whole training iterations (generator step + critic steps) of a data-parallel run in this process group: alone, or under mpirun -np N" };

    public Option<string?> Ranks { get; } = new("--ranks") { Description = "launch --data-parallel once per rank count (e.g. 1,2: alone, then under mpirun -np 2), each rank with its share of the cores, and compare" };

    public Option<string> Collective { get; } = new("--collective") { Description = $"with --data-parallel: {string.Join("|", Collectives.Names)}", DefaultValueFactory = _ => "auto" };

    public void AddTo(Command command)
    {
        command.Add(DataParallel);
        command.Add(Ranks);
        command.Add(Collective);
    }

    public bool Requested(ParseResult parse) => parse.GetValue(DataParallel) || parse.GetValue(Ranks) is not null;

    /// <summary>Runs the data-parallel timing (<paramref name="model"/> at its official batch, or <paramref name="width"/>) and prints it.</summary>
    public int Run(ParseResult parse, TextWriter output, TextWriter error, IBackend backend, string description, string model, int? width, double seconds)
    {
        if (parse.GetValue(Ranks) is { } ranks) return Compare(ParseRanks(ranks), output, model, width, seconds);
        return RankErrors.Run(Collectives.Open(parse.GetValue(Collective)!), error, group =>
        {
            var config = Config(model, width);
            var timing = DataParallelBenchmark.Run(config, backend, group, seconds);
            if (group.Rank != 0) return 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"engine bench --data-parallel: {model} (width {config.EffectiveWidth}), global batch {config.EffectiveBatch}, {config.CriticIters} critic steps, " +
                $"{timing.Ranks} rank(s) over {timing.Collective}, {description}, {CpuThreads.Count} CPU thread(s) per rank: " +
                $"iteration {timing.Iteration.MedianMs:F1} ms median (p10-p90 {timing.Iteration.P10Ms:F1}-{timing.Iteration.P90Ms:F1}, {timing.Iteration.Samples} iterations), " +
                $"gradient all-reduce {timing.AllReduceMs:F2} ms per iteration in {timing.BucketsPerIteration:F0} buckets (with waiting for the other ranks), {timing.AllReduceAloneMs:F2} ms alone"));
            output.WriteLine(JsonMarker + Json(timing, config).ToJsonString());
            return 0;
        });
    }

    private static TrainConfig Config(string model, int? width) => new()
    {
        Model = model, Dataset = Engine.Gan.Models.ModelRegistry.Get(model).BenchDataset, Width = width, EvalEvery = 0, EmaDecay = 0,
    };

    private static JsonObject Json(DataParallelTiming t, TrainConfig config) => new()
    {
        ["ranks"] = t.Ranks, ["collective"] = t.Collective, ["model"] = config.Model, ["width"] = config.EffectiveWidth,
        ["global_batch"] = t.GlobalBatch, ["critic_iters"] = config.CriticIters, ["threads_per_rank"] = CpuThreads.Count,
        ["iteration_ms_median"] = t.Iteration.MedianMs, ["iteration_ms_p10"] = t.Iteration.P10Ms, ["iteration_ms_p90"] = t.Iteration.P90Ms,
        ["iterations"] = t.Iteration.Samples, ["allreduce_ms_per_iteration"] = t.AllReduceMs, ["allreduce_alone_ms_per_iteration"] = t.AllReduceAloneMs, ["allreduce_buckets_per_iteration"] = t.BucketsPerIteration,
        ["samples_per_second"] = t.SamplesPerSecond(config.CriticIters),
    };

    private static int[] ParseRanks(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ranks = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
            : throw new ArgumentException($"--ranks: '{p}' is not a positive rank count (expected e.g. 1,2)")).ToArray();
        return ranks.Length > 0 ? ranks : throw new ArgumentException("--ranks: no rank counts given (expected e.g. 1,2)");
    }

    /// <summary>Launches one child job per rank count, one after another, and tabulates their JSON lines.</summary>
    private static int Compare(int[] rankCounts, TextWriter output, string model, int? width, double seconds)
    {
        var results = new List<JsonObject>();
        foreach (var n in rankCounts)
        {
            // Each rank gets its share of the cores, so N = 1 and N = 2 use the same machine.
            var threads = Math.Max(1, Environment.ProcessorCount / n);
            string[] bench = ["bench", "--data-parallel", "--model", model, "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
                .. width is { } w ? new[] { "--width", w.ToString(CultureInfo.InvariantCulture) } : []];
            output.WriteLine($"N = {n}: {(n == 1 ? "one process" : $"mpirun -np {n}")}, {threads} thread(s) per rank, {seconds:G3} s ...");
            var (code, text) = Launch(n, bench, seconds);
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(JsonMarker, StringComparison.Ordinal))
                ?? throw new IOException($"bench --ranks: the N = {n} job (exit code {code}) printed no result:\n{text}");
            results.Add(JsonNode.Parse(line[JsonMarker.Length..])!.AsObject());
        }
        var baseline = results[0]["samples_per_second"]!.GetValue<double>();
        var table = new Table().Title($"{model}: data-parallel training iteration on this machine ({Environment.ProcessorCount} cores)")
            .AddColumns("ranks", "threads/rank", "iteration ms", "p10-p90 ms", "all-reduce ms/it (in step)", "all-reduce ms/it (alone)", "alone/iteration", "samples/s", "vs first");
        foreach (var r in results)
        {
            double D(string key) => r[key]!.GetValue<double>();
            table.AddRow(r["ranks"]!.ToString(), r["threads_per_rank"]!.ToString(), F(D("iteration_ms_median"), "F1"),
                $"{F(D("iteration_ms_p10"), "F1")}-{F(D("iteration_ms_p90"), "F1")}", F(D("allreduce_ms_per_iteration"), "F2"),
                F(D("allreduce_alone_ms_per_iteration"), "F2"), F(100 * D("allreduce_alone_ms_per_iteration") / D("iteration_ms_median"), "F1") + "%", F(D("samples_per_second"), "F0"),
                F(D("samples_per_second") / baseline, "F2") + "x");
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        console.Write(table);
        output.WriteLine(new JsonObject { ["data_parallel"] = new JsonArray(results.Select(r => (JsonNode)r.DeepClone()).ToArray()), ["git_commit"] = RunSummary.GitCommit() }.ToJsonString());
        return 0;
    }

    /// <summary>This program with <paramref name="args"/>, alone (n = 1) or under mpirun -np n; returns its exit code and output.</summary>
    private static (int Code, string Output) Launch(int n, string[] args, double seconds)
    {
        var self = Environment.ProcessPath ?? throw new IOException("bench --ranks: cannot tell where this program is");
        string[] program = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, typeof(Program).Assembly.Location] : [self];
        string[] command = [.. program, .. args];
        ProcessStartInfo start;
        if (n == 1)
        {
            start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
            start.Environment["TERM"] = "dumb";
        }
        else
        {
            var mpirun = Engine.Distributed.Mpi.MpiRun.Find()
                ?? throw new IOException($"bench --ranks {n}: no mpirun on PATH (apt-get install openmpi-bin libopenmpi-dev)");
            start = Engine.Distributed.Mpi.MpiRun.StartInfo(mpirun, (int)Math.Ceiling(seconds * 3 + 120), (n, command));
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
