using System.Diagnostics;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>Rough Stopwatch timings (best of several runs) for a quick look without BenchmarkDotNet.</summary>
public static class QuickTimings
{
    public static void Run(string[] which)
    {
        if (which.Length == 0 || which.Contains("gemm"))
            foreach (var (m, n, k) in new[] { (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048), (4096, 64, 1024), (64, 4096, 1024), (50, 4096, 512), (128, 2450, 1600), (1600, 2450, 128), (128, 1600, 2450), (256, 800, 3200) })
                Gemm32(m, n, k);
        if (which.Length == 0 || which.Contains("layernorm"))
            foreach (var shape in new[] { "50x4096", "256x512" }) LayerNorm(shape);
        if (which.Length == 0 || which.Contains("conv"))
            foreach (var name in ConvLayer.Names)
            {
                var layer = new ConvLayer(name);
                Report($"conv {name} forward", layer.Flops, layer.Forward);
                Report($"conv {name} grad-input", layer.Flops, layer.GradInput);
                Report($"conv {name} grad-weight", layer.Flops, layer.GradWeight);
            }
    }

    private static void LayerNorm(string shape)
    {
        var bench = new LayerNormBenchmarks { Shape = shape };
        bench.Setup();
        for (var i = 0; i < 20; i++) bench.ForwardBackward();
        var best = double.MaxValue;
        for (var r = 0; r < 7; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++) bench.ForwardBackward();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / 200);
        }
        Console.WriteLine($"layer norm fwd+bwd f32 {shape,-16} {best * 1e6,9:F1} us {bench.Bytes / best / 1e9,8:F1} GB/s");
    }

    private static void Gemm32(int m, int n, int k)
    {
        var rng = new Random(1);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var c = new float[m * n];
        Report($"gemm f32 {m}x{n}x{k}", 2.0 * m * n * k, () => Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false));
    }

    /// <summary>Prints the best time of repeated calls as GFLOP/s and as a share of the 430 GFLOP/s peak.</summary>
    public static void Report(string name, double flops, Action action)
    {
        for (var i = 0; i < 3; i++) action();
        var reps = Math.Max(3, (int)(2e10 / flops));
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++) action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }
        var gflops = flops / best / 1e9;
        Console.WriteLine($"{name,-40} {best * 1e3,9:F3} ms {gflops,8:F1} GFLOP/s {100 * gflops / GflopsColumn.PeakGflops,5:F0}% of peak");
    }
}
