using Engine.Distributed;

namespace Engine.Cli;

/// <summary>
/// Runs a command on one rank of a data-parallel job. A rank that fails must end the whole job:
/// the others would wait for it in their next all-reduce until mpirun's --timeout. So on a failure
/// (an error exit or any exception) it prints its message prefixed by its rank and calls
/// MPI_Abort with the exit code; otherwise it finalises MPI and returns. A single process runs the
/// command as it is.
/// </summary>
internal static class RankErrors
{
    /// <summary>Exit codes that every rank reaches together, so nothing is aborted: success and a stop on Ctrl-C.</summary>
    private static readonly int[] Together = [0, 130];

    public static int Run(ICollective collective, TextWriter error, Func<ICollective, int> action)
    {
        if (collective.Size == 1)
        {
            try
            {
                return action(collective);
            }
            finally
            {
                collective.Dispose();
            }
        }
        var messages = new StringWriter();
        int code;
        try
        {
            code = CliErrors.Run(messages, () => action(collective));
        }
        catch (Exception e)
        {
            messages.WriteLine($"error: {e}");
            code = 1;
        }
        var prefix = $"rank {collective.Rank} of {collective.Size}: ";
        foreach (var line in messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            error.WriteLine(line.StartsWith("error: ", StringComparison.Ordinal) ? "error: " + prefix + line[7..] : prefix + line);
        error.Flush();
        if (!Together.Contains(code))
        {
            error.WriteLine($"error: {prefix}aborting the job (exit code {code})");
            error.Flush();
            collective.Abort(code);
        }
        collective.Dispose();
        return code;
    }
}
