using System.Diagnostics;
using System.Globalization;

namespace Engine.Distributed.Mpi;

/// <summary>
/// How this project starts ranks under Open MPI's mpirun (the data-parallel bench and the tests'
/// two-rank runs): the one place that knows mpirun's flags and the environment it needs.
/// </summary>
public static class MpiRun
{
    /// <summary>The mpirun on PATH, or null when none is installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    /// <summary>
    /// <c>mpirun</c> at <paramref name="mpirun"/> running each of <paramref name="programs"/> (command
    /// and arguments) on its number of ranks, MPMD when more than one, with output redirected. mpirun's
    /// --timeout ends a hung job after <paramref name="timeoutSeconds"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(string mpirun, int timeoutSeconds, params (int Ranks, IReadOnlyList<string> Program)[] programs)
    {
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Two ranks on a 2-core box: no binding (each rank would get one core), oversubscription allowed.
        foreach (var a in new[] { "--oversubscribe", "--bind-to", "none", "--timeout", timeoutSeconds.ToString(CultureInfo.InvariantCulture), "-x", "TERM=dumb" })
            start.ArgumentList.Add(a);
        for (var i = 0; i < programs.Length; i++)
        {
            if (i > 0) start.ArgumentList.Add(":");
            start.ArgumentList.Add("-np");
            start.ArgumentList.Add(programs[i].Ranks.ToString(CultureInfo.InvariantCulture));
            foreach (var a in programs[i].Program) start.ArgumentList.Add(a);
        }
        // mpirun refuses root without these; the bench and CI often run in a container as root.
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment["TERM"] = "dumb";
        return start;
    }
}
