using System.Diagnostics;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>
/// Rough Stopwatch timings (best of several runs) for a quick look without BenchmarkDotNet, on one
/// thread and on all, each quoted against the FMA peak measured for that many threads.
/// </summary>
public static class QuickTimings
{
    /// <summary>
    /// GEMM shapes (M, N, K): the toy critic's forward and gradient products at batch 256
    /// (512x512 hidden layers, the 2-wide input layer, the 1-wide output), then larger references
    /// and the MNIST conv GEMMs.
    /// </summary>
    private static readonly (int M, int N, int K)[] GemmShapes =
    [
        (256, 512, 512), (256, 512, 2), (512, 2, 256), (256, 1, 512), (512, 512, 256),
        (512, 512, 512), (1024, 1024, 1024), (50, 4096, 512), (128, 2450, 1600), (1600, 2450, 128), (128, 1600, 2450),
    ];

    /// <summary>
    /// With <c>--cpu-time</c>, every figure is the process's CPU time per call divided by the
    /// threads running it, instead of wall time: on a machine shared with other work a thread that
    /// waits for a core is not charged, so A/B comparisons hold under load (it still counts cache
    /// pollution and a worker's brief spin, so it errs slow). The FMA peak is then measured the same way.
    /// </summary>
    internal static bool CpuTime { get; private set; }

    public static void Run(string[] which)
    {
        CpuTime = which.Contains("--cpu-time");
        which = which.Where(w => w != "--cpu-time").ToArray();
        var peak = FmaPeak.Measure(Environment.ProcessorCount);
        if (CpuTime)
        {
            // Per CPU-second every core runs at the one-thread rate; the wall-clock peak of all
            // threads is what a quiet machine would give and a shared one cannot show.
            var core = FmaPeak.OneThreadByCpuTime();
            peak = new FmaPeak.Result(core, core * peak.Threads, peak.Threads, peak.VectorBits);
        }
        Console.WriteLine($"FP32 FMA peak (Vector{peak.VectorBits} chains): {peak.OneThread:F1} GFLOP/s on 1 thread, {peak.AllThreads:F1} on {peak.Threads}" +
            (CpuTime ? " (per CPU-second); times below: CPU time per call / threads (--cpu-time)" : "; times below: wall clock"));
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            CpuThreads.Count = threads;
            var p = peak.For(threads);
            Console.WriteLine($"-- {threads} thread(s), peak {p:F1} GFLOP/s");
            if (which.Length == 0 || which.Contains("gemm"))
                foreach (var (m, n, k) in GemmShapes) Gemm32(m, n, k, p);
            if (which.Length == 0 || which.Contains("conv"))
                foreach (var name in ConvLayer.Names)
                {
                    var layer = new ConvLayer(name);
                    // Each pass under both algorithms, one after the other, so their ratio is
                    // measured in one run.
                    foreach (var (pass, run) in new (string, Action)[] { ("forward", layer.Forward), ("grad-input", layer.GradInput), ("grad-weight", layer.GradWeight) })
                        foreach (var algorithm in new[] { ConvAlgorithm.Im2ColGemm, ConvAlgorithm.Direct })
                            WithConvAlgorithm(algorithm, () => Report($"conv {name} {pass} ({Label(algorithm)})", layer.Flops, run, p));
                }
            if (which.Length == 0 || which.Contains("elementwise")) QuickElementwise.Run();
            if (which.Length == 0 || which.Contains("layernorm"))
                foreach (var shape in new[] { "50x4096", "256x512" }) LayerNorm(shape);
        }
        CpuThreads.Count = Environment.ProcessorCount;
    }

    private static string Label(ConvAlgorithm algorithm) => algorithm == ConvAlgorithm.Direct ? "direct" : "im2col";

    private static void WithConvAlgorithm(ConvAlgorithm algorithm, Action action)
    {
        using var scope = CpuBackend.UseConvAlgorithm(algorithm);
        action();
    }

    private static void LayerNorm(string shape)
    {
        var bench = new LayerNormBenchmarks { Shape = shape };
        bench.Setup();
        var best = Best(bench.ForwardBackward);
        Console.WriteLine($"layer norm fwd+bwd f32 {shape,-16} {best * 1e6,9:F1} us {bench.Bytes / best / 1e9,8:F1} GB/s");
    }

    private static void Gemm32(int m, int n, int k, double peak)
    {
        var rng = new Random(1);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var c = new float[m * n];
        Report($"gemm f32 {m}x{n}x{k}", 2.0 * m * n * k, () => Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false), peak);
    }

    /// <summary>Prints the best time of repeated calls as GFLOP/s and as a share of <paramref name="peak"/>.</summary>
    public static void Report(string name, double flops, Action action, double peak)
    {
        var best = Best(action);
        var gflops = flops / best / 1e9;
        Console.WriteLine($"{name,-40} {best * 1e3,9:F3} ms {gflops,8:F1} GFLOP/s {100 * gflops / peak,5:F0}% of peak");
    }

    /// <summary>
    /// Seconds per call: the best of five rounds of about 0.1 s each, after warm-up; wall clock, or
    /// with <see cref="CpuTime"/> the process's CPU time over the threads in use.
    /// </summary>
    internal static double Best(Action action)
    {
        // Half a second of warm-up, not a few calls: .NET's tiered JIT runs new methods unoptimised
        // and swaps in optimised code only after ~100 ms without new compilations plus 30 calls, so
        // a short warm-up timed tier-0 code (TensorPrimitives.Add at 8 GB/s instead of 80).
        var warm = Stopwatch.StartNew();
        var calls = 0;
        while (calls < 3 || warm.Elapsed.TotalSeconds < 0.5)
        {
            action();
            calls++;
        }
        var perCall = warm.Elapsed.TotalSeconds / calls;
        var reps = (int)Math.Clamp(0.1 / perCall, 1, 100_000);
        var best = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (var r = 0; r < 5; r++)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++) action();
            var wall = sw.Elapsed.TotalSeconds;
            self.Refresh();
            var seconds = CpuTime ? (self.TotalProcessorTime - cpu0).TotalSeconds / CpuThreads.Count : wall;
            best = Math.Min(best, seconds / reps);
        }
        return best;
    }
}
