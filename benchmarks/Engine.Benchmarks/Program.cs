using BenchmarkDotNet.Running;
using Engine.Benchmarks;

// "quick" runs a few Stopwatch timings (seconds, not minutes); anything else goes to BenchmarkDotNet,
// e.g. `dotnet run -c Release -- --filter '*Gemm*'`.
if (args.Length > 0 && args[0] == "quick")
{
    QuickTimings.Run(args.Skip(1).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
