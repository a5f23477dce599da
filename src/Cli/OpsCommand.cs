using System.CommandLine;
using System.Text.Json.Nodes;
using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// <c>engine ops</c>: every op of the catalog with what its backward records, whether it switches to
/// a fused backward when no graph is recorded, and the highest derivative order verified (GradCheck,
/// GradGradCheck, third order) on the CPU and on <c>--device</c>; a table, then one JSON line.
/// Exit code 1 when some row is not verified to <c>--max-order</c>.
/// </summary>
internal static class OpsCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "only the ops whose name contains this text" };
        var maxOrder = new Option<int>("--max-order") { Description = "highest derivative order to check (1..3)", DefaultValueFactory = _ => OpDerivatives.MaxOrder };
        var json = new Option<string?>("--json") { Description = "also write the JSON to this file" };
        var devices = new DeviceOptions();
        var command = new Command("ops", "List every differentiable op: its backward's ops, fused backward without a graph, derivative orders verified per backend")
        {
            filter, maxOrder, json,
        };
        devices.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CliErrors.Run(parse.InvocationConfiguration.Error, () =>
            {
                var (device, description) = devices.Apply(parse);
                var order = parse.GetValue(maxOrder);
                if (order is < 1 or > OpDerivatives.MaxOrder) throw new ArgumentException($"--max-order must be 1..{OpDerivatives.MaxOrder}, got {order}");
                var text = parse.GetValue(filter);
                var specs = OpCatalog.All.Where(s => text is null || s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)).ToArray();
                if (specs.Length == 0) throw new ArgumentException($"--filter '{text}' matches no op");
                IBackend[] backends = device is CpuBackend ? [device] : [CpuBackend.Instance, device];
                output.WriteLine($"engine ops: {specs.Length} ops, derivative orders 1..{order} checked in float64 on {string.Join(" and ", backends.Select(b => b.Name))} ({description})");

                var table = new Table().AddColumns(["op", "backward records", "fused without graph", .. backends.Select(b => $"order on {b.Name}")]);
                var rows = new JsonArray();
                var complete = true;
                foreach (var spec in specs)
                {
                    var reports = backends.Select(b => OpDerivatives.Describe(spec, b, order)).ToArray();
                    var first = reports[0];
                    complete &= reports.All(r => r.VerifiedOrder == order);
                    table.AddRow([spec.Name, string.Join(" ", first.BackwardOps),
                        first.FusedWithoutGraph ? string.Join(" ", first.GraphFreeBackwardOps) : "no", .. reports.Select(r => OrderName(r.VerifiedOrder))]);
                    var orders = new JsonObject();
                    foreach (var (b, r) in backends.Zip(reports))
                        orders[b.Name] = new JsonObject { ["verified_order"] = r.VerifiedOrder, ["failure"] = r.Message.Length == 0 ? null : r.Message };
                    rows.Add(new JsonObject
                    {
                        ["op"] = spec.Name,
                        ["backward_ops"] = new JsonArray(first.BackwardOps.Select(o => (JsonNode?)o).ToArray()),
                        ["fused_without_graph"] = first.FusedWithoutGraph,
                        ["graph_free_backward_ops"] = new JsonArray(first.GraphFreeBackwardOps.Select(o => (JsonNode?)o).ToArray()),
                        ["orders"] = orders,
                    });
                }
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
                console.Profile.Width = 200;
                console.Write(table);
                var document = new JsonObject { ["max_order"] = order, ["ops"] = rows }.ToJsonString();
                if (parse.GetValue(json) is { } path) File.WriteAllText(path, document + "\n");
                output.WriteLine(document);
                return complete ? 0 : 1;
            });
        });
        return command;
    }

    private static string OrderName(int order) => order switch { 0 => "none", 1 => "first", 2 => "second", 3 => "third", _ => $"order {order}" };
}
