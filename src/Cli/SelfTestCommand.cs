using System.CommandLine;
using System.Globalization;
using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// <c>engine selftest --device D</c>: every op of the catalog on D, forward in float64 and float32
/// against the CPU, then GradCheck and GradGradCheck in float64 on D. Exit code 1 when any op fails.
/// </summary>
internal static class SelfTestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "only the ops whose name contains this text" };
        var devices = new DeviceOptions();
        var command = new Command("selftest", "Check every op's forward, first and second derivatives on a device against the CPU") { filter };
        devices.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CliErrors.Run(parse.InvocationConfiguration.Error, () =>
            {
                var (backend, description) = devices.Apply(parse);
                output.WriteLine($"engine selftest: {description} against cpu; forward tolerance {BackendSelfTest.Float64Tolerance:G2} (float64), {BackendSelfTest.Float32Tolerance:G2} (float32)");
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
                console.Profile.Width = 120;
                var table = new Table().AddColumns("op", "float64 err", "float32 err", "gradcheck", "gradgradcheck", "");
                var rows = BackendSelfTest.Run(backend, CpuBackend.Instance, parse.GetValue(filter), row =>
                    table.AddRow(row.Name, E(row.Float64Error), E(row.Float32Error), row.GradCheck ? "pass" : "FAIL", row.GradGradCheck ? "pass" : "FAIL",
                        row.Passed ? "ok" : "FAILED"));
                console.Write(table);
                foreach (var failed in rows.Where(r => !r.Passed)) output.WriteLine($"FAILED {failed.Name}: {failed.Message}");
                if (rows.Count == 0) throw new ArgumentException($"--filter '{parse.GetValue(filter)}' matches no op");
                var passed = rows.Count(r => r.Passed);
                output.WriteLine($"{passed}/{rows.Count} ops pass on {backend.Name}");
                return passed == rows.Count ? 0 : 1;
            });
        });
        return command;
    }

    private static string E(double v) => v.ToString("0.0e+0", CultureInfo.InvariantCulture);
}
