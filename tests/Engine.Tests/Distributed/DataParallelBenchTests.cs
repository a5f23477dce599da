using System.Text.Json.Nodes;
using Xunit;

namespace Engine.Tests.Distributed;

/// <summary><c>engine bench --data-parallel</c> in one process, and <c>--ranks</c> refusing bad counts.</summary>
public sealed class DataParallelBenchTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Engine.Cli.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Data_parallel_bench_alone_times_iterations_with_no_all_reduce()
    {
        var (code, output, error) = Run("bench", "--data-parallel", "--width", "8", "--seconds", "0");
        Assert.True(code == 0, error);
        Assert.Contains("1 rank(s) over single process", output);
        var json = JsonNode.Parse(output.Split('\n').Single(l => l.StartsWith("data-parallel-json: "))["data-parallel-json: ".Length..])!;
        Assert.Equal(1, json["ranks"]!.GetValue<int>());
        Assert.Equal(256, json["global_batch"]!.GetValue<int>());
        Assert.True(json["iterations"]!.GetValue<int>() >= 3);
        Assert.True(json["iteration_ms_median"]!.GetValue<double>() > 0);
        Assert.Equal(0, json["allreduce_ms_per_iteration"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1,x")]
    public void Ranks_must_be_positive_counts(string ranks)
    {
        var (code, _, error) = Run("bench", "--ranks", ranks, "--seconds", "0");
        Assert.Equal(2, code);
        Assert.Contains("--ranks:", error);
    }
}
