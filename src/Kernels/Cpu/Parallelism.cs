namespace Engine.Kernels.Cpu;

/// <summary>Splits large loops across cores; small ones run inline (thread hand-off costs more than it saves).</summary>
internal static class Parallelism
{
    /// <summary>Runs body(start, end) over [0, n) in chunks of at least <paramref name="minChunk"/>, in parallel when there are several.</summary>
    public static void For(int n, int minChunk, Action<int, int> body)
    {
        var chunks = Math.Min(Environment.ProcessorCount, Math.Max(1, n / Math.Max(1, minChunk)));
        if (chunks <= 1) { body(0, n); return; }
        var size = (n + chunks - 1) / chunks;
        Parallel.For(0, chunks, c => body(c * size, Math.Min(n, (c + 1) * size)));
    }
}
