using System.CommandLine;
using Engine.Gan.Figures;

namespace Engine.Cli;

/// <summary><c>engine figure NAME</c>: reproduces a figure of the WGAN-GP paper (PNG plus its numbers as CSV/JSON).</summary>
internal static class FigureCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "figure: " + string.Join("; ", PaperFigures.Descriptions.Select(d => $"{d.Key} ({d.Value})")) };
        var outDir = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("runs", "figures") };
        var iters = new Option<int?>("--iters") { Description = "training length: generator iterations (gradnorms, weights; default 200) or critic steps per panel (critic-surface; default 2000)" };
        var width = new Option<int?>("--width") { Description = "hidden width (default 512 for gradnorms and weights, 256 for critic-surface)" };
        var batch = new Option<int?>("--batch") { Description = "batch size (default 64 for the 12-layer WGANs, 256 for critic-surface)" };
        var lambda = new Option<double?>("--lambda") { Description = "gradient-penalty weight (default 10, the paper's)" };
        var lr = new Option<double?>("--lr") { Description = "learning rate (default: rmsprop 5e-5 for clipping and adam 1e-4 for the penalty in gradnorms and weights; adam 1e-3 for both in critic-surface)" };
        var seed = new Option<ulong>("--seed") { Description = "seed of every random stream", DefaultValueFactory = _ => 1 };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace this figure's files in --out (without it, figure refuses a folder that holds them)" };
        var devices = new DeviceOptions();
        var command = new Command("figure", "Reproduce a figure of Gulrajani et al. 2017 (gradnorms, weights, critic-surface) as PNG plus CSV/JSON")
        {
            name, outDir, iters, width, batch, lambda, lr, seed, overwrite,
        };
        devices.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CliErrors.Run(parse.InvocationConfiguration.Error, () =>
            {
                var figure = parse.GetValue(name)!;
                if (!PaperFigures.Names.Contains(figure))
                    throw new ArgumentException($"unknown figure '{figure}'; expected one of: {string.Join(", ", PaperFigures.Names)}");
                var options = new FigureOptions
                {
                    Iters = parse.GetValue(iters), Width = parse.GetValue(width), Batch = parse.GetValue(batch),
                    Lambda = parse.GetValue(lambda), LearningRate = parse.GetValue(lr), Seed = parse.GetValue(seed),
                };
                options.Validate();
                var (backend, description) = devices.Apply(parse);
                // Taken before the training, so a second figure into the same folder is refused at once, not hours later.
                using var claim = Engine.Gan.Training.RunLock.Claim(parse.GetValue(outDir)!, "figure " + figure, PaperFigures.Files(figure), parse.GetValue(overwrite));
                output.WriteLine($"engine figure {figure}: {PaperFigures.Descriptions[figure]}; seed {options.Seed}, on {description}");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = FigureProgressBar.Run(output, progress => PaperFigures.Run(figure, options, parse.GetValue(outDir)!, backend, progress));
                foreach (var line in result.Summary) output.WriteLine(line);
                output.WriteLine($"wrote {string.Join(", ", result.Files)} in {clock.Elapsed.TotalSeconds:F0} s");
                return 0;
            });
        });
        return command;
    }
}
