namespace Engine.Kernels.Cpu;

/// <summary>
/// How many cores the CPU backend uses (default: all). Every parallel kernel splits its work into
/// at most this many concurrent pieces, so <c>engine bench --threads 1</c> measures one core.
/// </summary>
public static class CpuThreads
{
    private static int _count = Environment.ProcessorCount;
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>The number of threads kernels may use (1 .. processor count).</summary>
    public static int Count
    {
        get => _count;
        set
        {
            if (value < 1 || value > Environment.ProcessorCount)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"cpu threads must lie in 1..{Environment.ProcessorCount} (this machine's processor count)");
            _count = value;
            _options = new ParallelOptions { MaxDegreeOfParallelism = value };
        }
    }

    /// <summary>Options that cap Parallel.For at <see cref="Count"/> concurrent workers.</summary>
    public static ParallelOptions Options => _options;
}
