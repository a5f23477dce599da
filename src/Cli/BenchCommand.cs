using Engine.Gan.Models;
using Engine.Gan.Penalties;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Engine.Autodiff;
using Engine.Gan.Bench;
using Engine.Kernels.Cpu;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// <c>engine bench</c>: what a penalty costs. Times critic steps with no penalty and with each
/// regulariser, interleaved in one process, for each model at its official batch size; prints a
/// table with the measured ratio to the plain step beside the FLOP ratio counted from the graph,
/// and, last, one JSON line.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = $"models to time (repeatable): {ModelRegistry.NamesText}; default all", AllowMultipleArgumentsPerToken = true };
        var penalties = new Option<string[]>("--penalty") { Description = $"regularisers to time besides the plain step; default {string.Join(",", Regularizers.Penalties.Select(r => r.Name))}", AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "time budget per model, after warm-up", DefaultValueFactory = _ => 10 };
        var width = new Option<int?>("--width") { Description = "override the models' width (for quick runs); default the official widths" };
        var regEvery = new Option<int>("--reg-every") { Description = "k of the lazy columns: the cost per step when the penalty runs every k-th step (StyleGAN2)", DefaultValueFactory = _ => 16 };
        var peakOption = new Option<double?>("--peak-gflops") { Description = "the device's FP32 peak for the % column; default the CPU's FMA peak measured at start for --threads, none for a GPU" };
        var devices = new DeviceOptions();
        var dataParallel = new DataParallelBench();
        var command = new Command("bench", "Time a critic step without and with each penalty (interleaved), against the FLOP count of each step")
        {
            models, penalties, seconds, width, regEvery, peakOption,
        };
        devices.AddTo(command);
        dataParallel.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CliErrors.Run(parse.InvocationConfiguration.Error, () =>
            {
                var (backend, description) = devices.Apply(parse);
                var budget = parse.GetValue(seconds);
                if (!(budget >= 0)) throw new ArgumentException($"--seconds must be >= 0, got {budget}");
                var k = parse.GetValue(regEvery);
                if (k < 1) throw new ArgumentException($"--reg-every must be >= 1, got {k}");
                var chosenModels = Pick(parse.GetValue(models), CriticStepBenchmark.Models.Select(m => m.Model).ToArray(), "--model");
                if (dataParallel.Requested(parse))
                    return dataParallel.Run(parse, output, parse.InvocationConfiguration.Error, backend, description,
                        parse.GetValue(models) is { Length: > 0 } ? chosenModels[0] : ModelRegistry.ToyMlp.Name, parse.GetValue(width), budget);
                var chosenPenalties = Pick(parse.GetValue(penalties), Regularizers.Penalties.Select(r => r.Name).ToArray(), "--penalty");
                // A GPU's peak is not measured here: without --peak-gflops its % column stays empty.
                var measured = backend is Engine.Kernels.Ilgpu.IlgpuBackend ? null : FmaPeak.Measure(CpuThreads.Count);
                var peak = parse.GetValue(peakOption) ?? measured?.For(CpuThreads.Count) ?? double.NaN;
                if (measured is not null)
                    output.WriteLine($"measured FP32 FMA peak (Vector{measured.VectorBits} chains): {measured.OneThread:F1} GFLOP/s on 1 thread, {measured.AllThreads:F1} on {measured.Threads}");
                output.WriteLine($"engine bench: critic step, {description}, {CpuThreads.Count} CPU thread(s), peak {(double.IsNaN(peak) ? "unknown" : $"{peak:F0} GFLOP/s")}{(parse.GetValue(peakOption) is null ? "" : " (--peak-gflops)")}, {budget:G3} s per model");

                var json = new JsonObject
                {
                    ["device"] = backend.Name, ["threads"] = CpuThreads.Count, ["peak_gflops"] = double.IsNaN(peak) ? null : peak,
                    ["measured_peak_gflops"] = measured is null ? null : new JsonObject { ["one_thread"] = Math.Round(measured.OneThread, 1), ["all_threads"] = Math.Round(measured.AllThreads, 1), ["vector_bits"] = measured.VectorBits },
                    ["seconds"] = budget,
                    ["git_commit"] = Engine.Gan.Training.RunSummary.GitCommit(),
                };
                var perModel = new JsonObject();
                foreach (var model in chosenModels)
                {
                    var batch = CriticStepBenchmark.Models.Single(m => m.Model == model).Batch;
                    var cases = new[] { Regularizers.None.Name }.Concat(chosenPenalties).Select(p => new BenchCase(model, p, batch)).ToList();
                    output.WriteLine($"{model} (batch {batch}): timing {cases.Count} cases ...");
                    var results = CriticStepBenchmark.Run(cases, backend, budget, width: parse.GetValue(width));
                    WriteTable(output, model, batch, results, peak, k);
                    perModel[model] = BenchJson.Model(results, peak, k);
                }
                json["models"] = perModel;
                output.WriteLine(json.ToJsonString());
                return 0;
            });
        });
        return command;
    }

    private static string[] Pick(string[]? chosen, string[] all, string option)
    {
        if (chosen is null || chosen.Length == 0) return all;
        var names = chosen.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();
        var unknown = names.Where(n => !all.Contains(n)).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"{option}: unknown {string.Join(", ", unknown.Select(u => $"'{u}'"))}; expected from: {string.Join(", ", all)}");
        return names;
    }

    private static void WriteTable(TextWriter output, string model, int batch, List<BenchResult> results, double peak, int k)
    {
        var plain = results[0];
        var table = new Table().Title($"{model}, batch {batch}: critic step; lazy = the penalty every {k}th step, amortised")
            .AddColumns("penalty", "median ms", "p10-p90 ms", "ratio", "FLOP ratio", $"lazy/{k} ratio", $"lazy/{k} FLOP ratio", "GFLOP", "GFLOP/s", "% peak", "passes (GFLOP)");
        foreach (var r in results)
        {
            var gflop = r.Cost.Flops / 1e9;
            var rate = gflop / (r.Timings.MedianMs / 1e3);
            table.AddRow(r.Case.Penalty == Regularizers.None.Name ? "plain" : r.Case.Penalty,
                F(r.Timings.MedianMs, "F2"), $"{F(r.Timings.P10Ms, "F2")}-{F(r.Timings.P90Ms, "F2")}",
                F(r.Timings.MedianMs / plain.Timings.MedianMs, "F2"), F(r.Cost.Flops / plain.Cost.Flops, "F2"),
                Lazy(r) ? F(CriticStepBenchmark.Amortised(plain.Timings.MedianMs, r.Timings.MedianMs, k) / plain.Timings.MedianMs, "F2") : "-",
                Lazy(r) ? F(CriticStepBenchmark.Amortised(plain.Cost.Flops, r.Cost.Flops, k) / plain.Cost.Flops, "F2") : "-",
                F(gflop, "F3"), F(rate, "F1"), double.IsNaN(peak) ? "n/a" : F(100 * rate / peak, "F0") + "%",
                string.Join(" / ", r.Cost.FlopsByPass.Select(p => F(p / 1e9, "F3"))));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        console.Write(table);
    }

    // Lazy regularisation spaces out a penalty term; clipping, spectral norm and the plain step have none.
    private static bool Lazy(BenchResult r) => Engine.Gan.Penalties.Regularizers.Create(r.Case.Penalty, 1).AddsTerm;

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
