using System.Text.RegularExpressions;

namespace Engine.Cli;

/// <summary>
/// Maps every error that reaches the command line to one line on stderr and an exit code: 2 for
/// what a user can cause (bad arguments, refused files, a folder in use, too little memory), 3 for
/// an anomaly found by --detect-anomaly, 70 for anything else (a bug: the line names its type; set
/// ENGINE_STACK_TRACE=1 to see where it came from). No exception escapes to .NET's handler.
/// </summary>
public static partial class CliErrors
{
    /// <summary>Exit code of a refused input.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code of an internal error (EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Runs <paramref name="action"/>; an exception becomes one line on <paramref name="error"/> and its exit code.</summary>
    public static int Run(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Engine.Autodiff.Inspection.AnomalyException e)
        {
            error.WriteLine($"error: {OneLine(e)}");
            return 3;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or Engine.Tensors.Formats.MalformedFileException or IOException or UnauthorizedAccessException or NotSupportedException or KeyNotFoundException or Engine.Distributed.CollectiveException)
        {
            error.WriteLine($"error: {OneLine(e)}");
            return BadInput;
        }
        catch (OutOfMemoryException e)
        {
            error.WriteLine($"error: out of memory ({OneLine(e)}); the run needs more memory than this machine gives it: use a smaller --batch or --width");
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: internal error ({e.GetType().Name}): {OneLine(e)}; please report it with the command line" +
                (Environment.GetEnvironmentVariable("ENGINE_STACK_TRACE") == "1" ? Environment.NewLine + e : ""));
            return InternalError;
        }
    }

    /// <summary>The message on one line: without .NET's "(Parameter 'x')" and "Actual value was" tails, other line breaks joined.</summary>
    /// <param name="e">The exception whose message is shown.</param>
    public static string OneLine(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException)
        {
            var firstLine = message.Split('\n')[0].TrimEnd('\r');
            message = ParameterTail().Replace(firstLine, "");
        }
        return string.Join("; ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterTail();
}
