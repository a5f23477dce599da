using Engine.Gan.Models;
using System.CommandLine;
using Engine.Autodiff.Inspection;
using Engine.Gan.Probe;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary><c>engine probe</c>: a critic's WGAN-GP loss and parameter gradients at given weights and inputs, for comparison with another framework.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = ModelRegistry.NamesText, DefaultValueFactory = _ => ModelRegistry.ToyMlp.Name };
        var weights = new Option<string>("--weights") { Description = "critic parameters with PyTorch state_dict names: a safetensors file, or a folder of NAME.npy files", Required = true };
        var inputs = new Option<string>("--inputs") { Description = "real, fake and alpha (one per sample): a safetensors file, or a folder with real.npy, fake.npy, alpha.npy", Required = true };
        var outPath = new Option<string>("--out") { Description = "output: a .safetensors file, or (any other path) a folder receiving one NAME.npy per output", Required = true };
        var lambda = new Option<double>("--lambda") { Description = "penalty weight", DefaultValueFactory = _ => 10 };
        var dtype = new Option<string>("--dtype") { Description = "float32|float64", DefaultValueFactory = _ => "float64" };
        var dot = new Option<string?>("--dot") { Description = "also write the double-backward graph as Graphviz DOT" };
        var devices = new DeviceOptions();
        var command = new Command("probe", "Write critic_real, critic_fake, penalty, loss and grad.<param> for given weights and inputs")
        {
            model, weights, inputs, outPath, lambda, dtype, dot,
        };
        devices.AddTo(command);
        command.SetAction(parse => CliErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var (backend, _) = devices.Apply(parse);
            var type = parse.GetValue(dtype) switch
            {
                "float32" => DType.Float32,
                "float64" => DType.Float64,
                var s => throw new ArgumentException($"--dtype: unknown dtype '{s}'; expected float32 or float64"),
            };
            // The critic, the graph and every gradient are released when the command ends.
            using var scope = BufferScope.Begin();
            var result = CriticProbe.Run(parse.GetValue(model)!, ProbeTensors.Load(parse.GetValue(weights)!), ProbeTensors.Load(parse.GetValue(inputs)!),
                parse.GetValue(lambda), type, backend, out var graph);
            var path = parse.GetValue(outPath)!;
            ProbeTensors.Save(path, result.Values, new Dictionary<string, string> { ["model"] = parse.GetValue(model)!, ["lambda"] = parse.GetValue(lambda).ToString("R", System.Globalization.CultureInfo.InvariantCulture) });
            if (parse.GetValue(dot) is { } dotPath) GraphDot.Write(dotPath, graph);
            var form = ProbeTensors.IsSafeTensorsPath(path) ? "" : " (one .npy per tensor)";
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path}{form}: {string.Join(", ", result.Keys)}");
            return 0;
        }));
        return command;
    }
}
