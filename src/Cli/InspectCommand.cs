using Engine.Gan.Models;
using Engine.Gan.Penalties;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Engine.Gan.Bench;
using Engine.Kernels.Cpu;
using Engine.Tensors.Formats;

namespace Engine.Cli;

/// <summary>
/// <c>engine inspect</c>: the graph a penalised critic step builds, for double-backward research.
/// Writes graph.dot (every node tagged forward / backward / double backward, with its op, shapes
/// and saved tensors; graph.svg too when Graphviz is installed), profile.json and profile.txt (per
/// pass: ops, nodes, FLOPs, bytes, time, peak saved memory), and prints the table.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelRegistry.NamesText, DefaultValueFactory = _ => ModelRegistry.ToyMlp.Name };
        var penalty = new Option<string>("--penalty") { Description = Regularizers.NamesText, DefaultValueFactory = _ => Regularizers.Gp.Name };
        var batch = new Option<int?>("--batch") { Description = "batch size (default: the model's official batch)" };
        var width = new Option<int?>("--width") { Description = "override the model's width (the graph's structure does not depend on it)" };
        var outDir = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("runs", "inspect") };
        var layout = InputLayoutOption.Create();
        var overwrite = new Option<bool>("--overwrite") { Description = "replace the graph and profile that --out holds (without it, inspect refuses a folder that holds them)" };
        var anomaly = new Option<bool>("--anomaly") { Description = "run the step in anomaly mode: stop at the first NaN or Inf, naming the op, pass and shapes" };
        var devices = new DeviceOptions();
        var command = new Command("inspect", "Export the double-backward graph of a penalised critic step and profile it by pass")
        {
            model, penalty, batch, width, layout, outDir, overwrite, anomaly,
        };
        devices.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CliErrors.Run(parse.InvocationConfiguration.Error, () =>
            {
                var (backend, description) = devices.Apply(parse);
                var name = parse.GetValue(model)!;
                var official = CriticStepBenchmark.Models.FirstOrDefault(m => m.Model == name);
                if (official.Model is null)
                    throw new ArgumentException($"--model: unknown model '{name}'; expected {ModelRegistry.NamesText}");
                var bench = new BenchCase(name, parse.GetValue(penalty)!, parse.GetValue(batch) ?? official.Batch);
                var trainer = CriticStepBenchmark.CreateTrainer(bench, backend, width: parse.GetValue(width), layout: InputLayoutOption.Parse(parse.GetValue(layout)!));
                using var claim = Engine.Gan.Training.RunLock.Claim(parse.GetValue(outDir)!, "inspect", Outputs, parse.GetValue(overwrite));
                var dir = Path.GetFullPath(parse.GetValue(outDir)!);
                output.WriteLine($"engine inspect: {name}, batch {bench.Batch}, {trainer.Regularizer}, " +
                    $"{(trainer.Config.InputLayout == InputLayout.Flat ? "flat [B, 784] critic input, " : "")}{description}");

                // Warm-up: the first calls compile kernels and fill caches, and .NET's tiered JIT
                // recompiles the hot loops only after about 30 calls, so one step would profile
                // tier-0 code (several times slower). Warm for about three seconds, at least 3 steps.
                var warm = System.Diagnostics.Stopwatch.StartNew();
                for (var w = 0; w < 3 || (w < 200 && warm.Elapsed.TotalSeconds < 3); w++) trainer.CriticStep();
                GraphProfile profile;
                using (parse.GetValue(anomaly) ? AnomalyMode.Enable() : default(OpObserverScope?))
                    profile = PassProfiler.Run(() => trainer.CriticStep());
                var table = profile.ToTable();
                output.WriteLine(table);
                AtomicFile.WriteAllBytes(Path.Combine(dir, "profile.json"), System.Text.Encoding.UTF8.GetBytes(profile.ToJson() + "\n"));
                AtomicFile.WriteAllBytes(Path.Combine(dir, "profile.txt"), System.Text.Encoding.UTF8.GetBytes(table + "\n"));

                // The graph with the backward of the backward recorded too (createGraph on the
                // parameter gradients), so all three passes appear as nodes.
                using var scope = Engine.Tensors.BufferScope.Begin();
                var (loss, _, _) = trainer.CriticLoss();
                var grads = Autograd.Grad([loss], trainer.CriticParameters.ToArray(), createGraph: true, allowUnused: true);
                var dotPath = Path.Combine(dir, "graph.dot");
                var roots = new List<Tensor> { loss };
                roots.AddRange(grads.Where(g => g is not null).Select(g => g!));
                AtomicFile.WriteAllBytes(dotPath, System.Text.Encoding.UTF8.GetBytes(GraphDot.Export(roots)));
                output.WriteLine($"wrote {dotPath}, profile.json, profile.txt");
                var svg = Path.Combine(dir, "graph.svg");
                output.WriteLine(RenderSvg(dotPath, svg) ? $"wrote {svg}" : "graph.svg skipped: Graphviz 'dot' is not installed (apt-get install graphviz)");
                return 0;
            });
        });
        return command;
    }

    /// <summary>The files inspect writes into its folder.</summary>
    private static readonly string[] Outputs = ["graph.dot", "graph.svg", "profile.json", "profile.txt"];

    private static bool RenderSvg(string dot, string svg)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("dot", ["-Tsvg", dot, "-o", svg]) { RedirectStandardError = true, UseShellExecute = false });
            if (p is null) return false;
            p.WaitForExit(120_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
