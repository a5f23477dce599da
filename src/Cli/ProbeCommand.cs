using System.CommandLine;
using Engine.Autodiff.Inspection;
using Engine.Gan.Probe;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Cli;

/// <summary><c>engine probe</c>: a critic's WGAN-GP loss and parameter gradients at given weights and inputs, for comparison with another framework.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "toy-mlp, mnist-dcgan or mnist-dcgan-ln", DefaultValueFactory = _ => "toy-mlp" };
        var weights = new Option<string>("--weights") { Description = "critic parameters as safetensors with PyTorch state_dict names", Required = true };
        var inputs = new Option<string>("--inputs") { Description = "safetensors holding real, fake and alpha (one per sample)", Required = true };
        var outPath = new Option<string>("--out") { Description = "output safetensors", Required = true };
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
            var result = CriticProbe.Run(parse.GetValue(model)!, SafeTensors.Load(parse.GetValue(weights)!), SafeTensors.Load(parse.GetValue(inputs)!),
                parse.GetValue(lambda), type, backend, out var graph);
            var path = parse.GetValue(outPath)!;
            SafeTensors.Save(path, result.Values, new Dictionary<string, string> { ["model"] = parse.GetValue(model)!, ["lambda"] = parse.GetValue(lambda).ToString("R", System.Globalization.CultureInfo.InvariantCulture) });
            if (parse.GetValue(dot) is { } dotPath) GraphDot.Write(dotPath, graph);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path}: {string.Join(", ", result.Keys)}");
            return 0;
        }));
        return command;
    }
}
