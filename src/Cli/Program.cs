using System.CommandLine;

namespace Engine.Cli;

/// <summary>The <c>engine</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point: parses, runs the chosen command, returns its exit code.</summary>
    public static int Main(string[] args) => Run(args);

    /// <summary>Runs a command line (used by tests too); output goes to the given writers when set.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var root = new RootCommand("Engine: reverse-mode autodiff with differentiable backward passes, and a WGAN-GP trainer on top.")
        {
            TrainCommand.Create(),
            BenchCommand.Create(),
            InspectCommand.Create(),
            ProbeCommand.Create(),
            ClassifierCommand.Create(),
            FigureCommand.Create(),
            SelfTestCommand.Create(),
            OpsCommand.Create(),
        };
        var invocation = new InvocationConfiguration
        {
            // Give a stopped run time to write its checkpoint before the process is torn down.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
        };
        if (output is not null) invocation.Output = output;
        if (error is not null) invocation.Error = error;
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, not System.CommandLine's errors followed by the whole help text.
            var command = string.Join(" ", parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Append(parse.CommandResult.Command.Name).Skip(1).Prepend("engine"));
            invocation.Error.WriteLine($"error: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see '{command} --help')");
            return CliErrors.BadInput;
        }
        return CliErrors.Run(invocation.Error, () => parse.Invoke(invocation));
    }
}
