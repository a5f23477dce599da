namespace Engine.Cli;

/// <summary>Maps the errors a user can cause to a one-line message and exit code 2; anything else is a bug and keeps its stack trace.</summary>
internal static class CliErrors
{
    public static int Run(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Engine.Autodiff.Inspection.AnomalyException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 3;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException or KeyNotFoundException or Engine.Kernels.Gpu.GpuException or Engine.Distributed.CollectiveException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
