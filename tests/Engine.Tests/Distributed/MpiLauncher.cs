using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Engine.Tests.Distributed;

/// <summary>
/// Starts <c>engine</c> ranks under Open MPI's mpirun as a child process (MPI can be initialised
/// once per process, so the test process itself never joins). A missing mpirun or libmpi skips the
/// test with the reason, unless ENGINE_REQUIRE_MPI=1 (set by .ci/run, which installs Open MPI)
/// turns that into a failure. mpirun's --timeout ends a job that hangs.
/// </summary>
internal static class MpiLauncher
{
    /// <summary>Seconds after which mpirun kills a job; the tests' jobs take a few seconds each.</summary>
    public const int TimeoutSeconds = 180;

    /// <summary>The engine's entry assembly, copied beside the tests by the project reference.</summary>
    public static string EngineDll => Path.Combine(AppContext.BaseDirectory, "engine.dll");

    public static string RequireMpirun()
    {
        string? reason = null;
        var mpirun = Engine.Distributed.Mpi.MpiRun.Find();
        if (mpirun is null) reason = "no mpirun on PATH";
        else if (!NativeLibrary.TryLoad("libmpi.so.40", out _)) reason = "libmpi.so.40 does not load";
        if (reason is null) return mpirun!;
        if (Environment.GetEnvironmentVariable("ENGINE_REQUIRE_MPI") == "1")
            throw new InvalidOperationException($"ENGINE_REQUIRE_MPI=1 but {reason} (apt-get install openmpi-bin libopenmpi-dev)");
        throw new SkipException($"{reason}: the data-parallel tests need Open MPI (apt-get install openmpi-bin libopenmpi-dev)");
    }

    /// <summary>Runs <c>mpirun -np n dotnet engine.dll args</c> for each (n, args) program (MPMD when more than one); returns exit code and output.</summary>
    public static (int Code, string Output) Run(params (int Ranks, string[] Args)[] programs)
    {
        var mpirun = RequireMpirun();
        var start = Engine.Distributed.Mpi.MpiRun.StartInfo(mpirun, TimeoutSeconds,
            [.. programs.Select(p => (p.Ranks, (IReadOnlyList<string>)["dotnet", EngineDll, .. p.Args]))]);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(TimeoutSeconds + 30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun did not end within {TimeoutSeconds + 30} s despite --timeout:\n{stdout}{stderr.Result}");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
