using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The float32 FMA peak of this machine, measured rather than assumed: independent chains of
/// vector fused multiply-adds (Vector512 where accelerated, else Vector256, else Vector128) on
/// one thread and on several at once. The processor changes between sessions here, so kernel
/// speeds are quoted as a share of this figure.
/// </summary>
public static class FmaPeak
{
    /// <summary>Independent accumulators per thread: FMA latency (4 cycles) times 2 pipes, with room to spare.</summary>
    private const int Chains = 16;

    /// <summary>Measured peaks in GFLOP/s.</summary>
    /// <param name="OneThread">One thread alone.</param>
    /// <param name="AllThreads">All <paramref name="Threads"/> threads at once (their sum).</param>
    /// <param name="Threads">How many threads ran together.</param>
    /// <param name="VectorBits">Width of the vectors used (512, 256 or 128).</param>
    public sealed record Result(double OneThread, double AllThreads, int Threads, int VectorBits)
    {
        /// <summary>The peak of <paramref name="threads"/> threads: one thread's, or all threads' when more than one run.</summary>
        public double For(int threads) => threads <= 1 ? OneThread : AllThreads;
    }

    private static Result? _cached;

    /// <summary>The peak measured once per process (about 0.3 s on first call) for <see cref="CpuThreads.Count"/> threads.</summary>
    public static Result Cached => _cached ??= Measure(CpuThreads.Count);

    /// <summary>The width of the vectors the chains use here.</summary>
    public static int VectorBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>
    /// Runs the FMA chains for about <paramref name="seconds"/> per configuration (best of five
    /// repetitions, so a neighbour's burst on a shared machine lowers nothing but one sample).
    /// </summary>
    public static Result Measure(int threads, double seconds = 0.05)
    {
        if (threads < 1 || threads > Environment.ProcessorCount)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"fma peak: threads must lie in 1..{Environment.ProcessorCount}");
        var iterations = Calibrate(seconds);
        var one = Best(1, iterations);
        var all = threads == 1 ? one : Best(threads, iterations);
        return new Result(one, all, threads, VectorBits);
    }

    /// <summary>
    /// The one-thread peak per second of this process's CPU time rather than wall time (best of
    /// five): on a shared machine a thread that waits for a core is not charged, so this is the
    /// reference for figures measured the same way (`quick --cpu-time`).
    /// </summary>
    public static double OneThreadByCpuTime(double seconds = 0.05)
    {
        var iterations = Calibrate(seconds);
        using var self = Process.GetCurrentProcess();
        var best = 0.0;
        for (var rep = 0; rep < 5; rep++)
        {
            self.Refresh();
            var start = self.TotalProcessorTime;
            Run(iterations);
            self.Refresh();
            best = Math.Max(best, FlopsOf(iterations) / Math.Max((self.TotalProcessorTime - start).TotalSeconds, 1e-9) / 1e9);
        }
        return best;
    }

    /// <summary>FLOPs of one chain pass: iterations x chains x lanes x 2.</summary>
    private static double FlopsOf(long iterations) => 2.0 * iterations * Chains * (VectorBits / 32);

    private static long Calibrate(double seconds)
    {
        long iterations = 1 << 14;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            Run(iterations);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (elapsed >= seconds / 4 || iterations >= 1L << 32) return (long)(iterations * Math.Max(1, seconds / Math.Max(elapsed, 1e-9)));
            iterations *= 4;
        }
    }

    private static double Best(int threads, long iterations)
    {
        var best = 0.0;
        for (var rep = 0; rep < 5; rep++)
        {
            using var ready = new Barrier(threads + 1);
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                ready.SignalAndWait();
                Run(iterations);
            }) { IsBackground = true }).ToArray();
            foreach (var w in workers) w.Start();
            ready.SignalAndWait();
            var start = Stopwatch.GetTimestamp();
            foreach (var w in workers) w.Join();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, threads * FlopsOf(iterations) / elapsed / 1e9);
        }
        return best;
    }

    /// <summary>The chains; the sum is returned (and discarded by the caller) so the JIT cannot drop the loop.</summary>
    private static float Run(long iterations)
    {
        if (Vector512.IsHardwareAccelerated) return Chains512(iterations);
        if (Vector256.IsHardwareAccelerated) return Chains256(iterations);
        return Chains128(iterations);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999999f), a = Vector512.Create(1e-7f);
        Vector512<float> x0 = Vector512.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        Vector512<float> x8 = x0, x9 = x0, x10 = x0, x11 = x0, x12 = x0, x13 = x0, x14 = x0, x15 = x0;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, a); x1 = Vector512.FusedMultiplyAdd(x1, m, a);
            x2 = Vector512.FusedMultiplyAdd(x2, m, a); x3 = Vector512.FusedMultiplyAdd(x3, m, a);
            x4 = Vector512.FusedMultiplyAdd(x4, m, a); x5 = Vector512.FusedMultiplyAdd(x5, m, a);
            x6 = Vector512.FusedMultiplyAdd(x6, m, a); x7 = Vector512.FusedMultiplyAdd(x7, m, a);
            x8 = Vector512.FusedMultiplyAdd(x8, m, a); x9 = Vector512.FusedMultiplyAdd(x9, m, a);
            x10 = Vector512.FusedMultiplyAdd(x10, m, a); x11 = Vector512.FusedMultiplyAdd(x11, m, a);
            x12 = Vector512.FusedMultiplyAdd(x12, m, a); x13 = Vector512.FusedMultiplyAdd(x13, m, a);
            x14 = Vector512.FusedMultiplyAdd(x14, m, a); x15 = Vector512.FusedMultiplyAdd(x15, m, a);
        }
        var s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15;
        return Vector512.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999999f), a = Vector256.Create(1e-7f);
        Vector256<float> x0 = Vector256.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        Vector256<float> x8 = x0, x9 = x0, x10 = x0, x11 = x0, x12 = x0, x13 = x0, x14 = x0, x15 = x0;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, a); x1 = Vector256.FusedMultiplyAdd(x1, m, a);
            x2 = Vector256.FusedMultiplyAdd(x2, m, a); x3 = Vector256.FusedMultiplyAdd(x3, m, a);
            x4 = Vector256.FusedMultiplyAdd(x4, m, a); x5 = Vector256.FusedMultiplyAdd(x5, m, a);
            x6 = Vector256.FusedMultiplyAdd(x6, m, a); x7 = Vector256.FusedMultiplyAdd(x7, m, a);
            x8 = Vector256.FusedMultiplyAdd(x8, m, a); x9 = Vector256.FusedMultiplyAdd(x9, m, a);
            x10 = Vector256.FusedMultiplyAdd(x10, m, a); x11 = Vector256.FusedMultiplyAdd(x11, m, a);
            x12 = Vector256.FusedMultiplyAdd(x12, m, a); x13 = Vector256.FusedMultiplyAdd(x13, m, a);
            x14 = Vector256.FusedMultiplyAdd(x14, m, a); x15 = Vector256.FusedMultiplyAdd(x15, m, a);
        }
        var s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15;
        return Vector256.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains128(long iterations)
    {
        Vector128<float> m = Vector128.Create(0.999999f), a = Vector128.Create(1e-7f);
        Vector128<float> x0 = Vector128.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        Vector128<float> x8 = x0, x9 = x0, x10 = x0, x11 = x0, x12 = x0, x13 = x0, x14 = x0, x15 = x0;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector128.FusedMultiplyAdd(x0, m, a); x1 = Vector128.FusedMultiplyAdd(x1, m, a);
            x2 = Vector128.FusedMultiplyAdd(x2, m, a); x3 = Vector128.FusedMultiplyAdd(x3, m, a);
            x4 = Vector128.FusedMultiplyAdd(x4, m, a); x5 = Vector128.FusedMultiplyAdd(x5, m, a);
            x6 = Vector128.FusedMultiplyAdd(x6, m, a); x7 = Vector128.FusedMultiplyAdd(x7, m, a);
            x8 = Vector128.FusedMultiplyAdd(x8, m, a); x9 = Vector128.FusedMultiplyAdd(x9, m, a);
            x10 = Vector128.FusedMultiplyAdd(x10, m, a); x11 = Vector128.FusedMultiplyAdd(x11, m, a);
            x12 = Vector128.FusedMultiplyAdd(x12, m, a); x13 = Vector128.FusedMultiplyAdd(x13, m, a);
            x14 = Vector128.FusedMultiplyAdd(x14, m, a); x15 = Vector128.FusedMultiplyAdd(x15, m, a);
        }
        var s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 + x13 + x14 + x15;
        return Vector128.Sum(s);
    }
}
