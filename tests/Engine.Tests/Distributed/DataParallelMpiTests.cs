using System.Diagnostics;
using System.Text.RegularExpressions;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Distributed;

/// <summary>
/// <c>mpirun -np 2 engine train</c> end to end (Open MPI, two local ranks as child processes): the
/// parameters equal a single-process run with the same global batch and seed, the ranks end
/// bitwise identical, a resume may change the number of ranks, and a failing rank ends the job.
/// </summary>
public sealed partial class DataParallelMpiTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-mpi").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Train(string dir, int iters, params string[] extra) =>
        ["train", "--iters", iters.ToString(), "--width", "32", "--batch", "64", "--critic-iters", "2", "--eval-every", "0", "--ema", "0",
         "--seed", "3", "--out", Path.Combine(_root, dir), .. extra];

    private (int Code, string Out) TrainHere(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Engine.Cli.Program.Run(args, output, error);
        return (code, output + error.ToString());
    }

    [SkippableFact]
    public void Two_ranks_train_the_parameters_of_one_process_and_stay_bitwise_identical()
    {
        MpiLauncher.RequireMpirun();
        var (code, output) = MpiLauncher.Run((2, Train("two", 4)));
        Assert.True(code == 0, output);
        Assert.StartsWith("engine train: data-parallel over 2 ranks (Open MPI", output.TrimStart());
        var replicas = Replicas().Match(output);
        Assert.True(replicas.Success, output);
        Assert.Equal(replicas.Groups[1].Value, replicas.Groups[2].Value);
        Assert.Contains("bitwise identical", output);

        var (singleCode, singleOut) = TrainHere(Train("one", 4));
        Assert.True(singleCode == 0, singleOut);
        // float32, Adam lr 1e-4, 4 iterations: the split changes only the order of the batch sums,
        // measured at most 3e-8 apart on 2026-12-01; 1e-6 absolute is 30 times that and far below one step (1e-4).
        AssertSameState(Path.Combine(_root, "one"), Path.Combine(_root, "two"), absolute: 1e-6);
    }

    [SkippableFact]
    public void A_single_process_checkpoint_resumes_on_two_ranks_and_ends_where_one_process_ends()
    {
        MpiLauncher.RequireMpirun();
        var (code, output) = TrainHere(Train("resumed", 2, "--dtype", "float64"));
        Assert.True(code == 0, output);
        (code, output) = MpiLauncher.Run((2, Train("resumed", 4, "--dtype", "float64", "--resume")));
        Assert.True(code == 0, output);
        Assert.Contains("resuming at iteration 2", output);
        (code, output) = TrainHere(Train("straight", 4, "--dtype", "float64"));
        Assert.True(code == 0, output);
        AssertSameState(Path.Combine(_root, "straight"), Path.Combine(_root, "resumed"), absolute: 1e-12);
        // Rank 0 kept the first process's lines (0, and 1 as its last) and appended its own (3, the last).
        Assert.Equal([0, 1, 3], LoggedIterations("resumed"));
    }

    private int[] LoggedIterations(string dir) => File.ReadAllLines(Path.Combine(_root, dir, "metrics.jsonl"))
        .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("iter").GetInt32()).ToArray();

    [SkippableFact]
    public void A_rank_that_fails_ends_the_job_with_its_message_and_a_nonzero_exit()
    {
        MpiLauncher.RequireMpirun();
        var clock = Stopwatch.StartNew();
        // Two programs in one job (MPMD): rank 1 is given another iteration count and must refuse to join.
        var (code, output) = MpiLauncher.Run((1, Train("bad", 3)), (1, Train("bad", 5)));
        Assert.NotEqual(0, code);
        Assert.Contains("error: rank 1 of 2: data-parallel: rank 1's configuration differs from rank 0's: Iters 5 here, 3 on rank 0", output);
        Assert.Contains("rank 1 of 2: aborting the job", output);
        Assert.True(clock.Elapsed.TotalSeconds < MpiLauncher.TimeoutSeconds, $"the job ended by mpirun's timeout, not by the failing rank:\n{output}");
    }

    [GeneratedRegex(@"replicas: rank 0 sha256 ([0-9a-f]{16}), rank 1 sha256 ([0-9a-f]{16})")]
    private static partial Regex Replicas();

    private static void AssertSameState(string expectedDir, string actualDir, double absolute)
    {
        var a = SafeTensors.Load(Path.Combine(expectedDir, "checkpoint.safetensors"));
        var b = SafeTensors.Load(Path.Combine(actualDir, "checkpoint.safetensors"));
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var (name, t) in a.Tensors)
        {
            double[] x = Doubles(t.Data), y = Doubles(b.Tensors[name].Data);
            for (var i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(x[i] - y[i]) <= absolute, $"{name}[{i}]: one process {x[i]:R}, two ranks {y[i]:R}");
        }
        foreach (var key in new[] { "iteration", "optimizer.generator.steps", "optimizer.critic.steps", "rng.noise.counter", "rng.penalty.counter", "data.counter" })
            Assert.Equal(a.Metadata[key], b.Metadata[key]);
    }

    private static double[] Doubles(Array data) => data is float[] f ? Array.ConvertAll(f, v => (double)v) : (double[])data;
}
