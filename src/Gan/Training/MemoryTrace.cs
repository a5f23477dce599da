using System.Diagnostics;

namespace Engine.Gan.Training;

/// <summary>One reading of the process's memory during a run.</summary>
/// <param name="Iteration">Iterations completed when it was taken.</param>
/// <param name="ResidentBytes">Resident set size (VmRSS on Linux).</param>
/// <param name="Collections">Garbage collections since the trace started (all generations).</param>
/// <param name="ManagedHeapBytes">The managed heap after the last collection (GC.GetGCMemoryInfo's HeapSizeBytes).</param>
/// <param name="ManagedCommittedBytes">Memory the garbage collector has committed from the OS (it keeps freed segments for reuse).</param>
/// <param name="PoolHeldBytes">Held by the backend's buffer pool, in live tensors plus cached free blocks (0 for a backend without one).</param>
public readonly record struct MemorySample(int Iteration, long ResidentBytes, int Collections,
    long ManagedHeapBytes = 0, long ManagedCommittedBytes = 0, long PoolHeldBytes = 0);

/// <summary>
/// The process's memory over a run: resident set size sampled at chosen iterations, the peak
/// resident set (VmHWM), and garbage collections counted per generation since the trace began.
/// Beside the resident set, each reading splits where memory sits: the managed heap, what the
/// collector has committed, and the backend pool's tensor memory, so a resident set that grows can
/// be traced to its owner. Reading them costs a file read, no collection: the trace never disturbs
/// what it measures.
/// </summary>
public sealed class MemoryTrace
{
    private readonly Engine.Tensors.IPooledMemory? _pool;

    /// <summary>A trace of this process; <paramref name="backend"/>'s pool is read too when it has one.</summary>
    public MemoryTrace(Engine.Tensors.IBackend? backend = null) => _pool = backend as Engine.Tensors.IPooledMemory;

    private readonly int[] _start = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly List<MemorySample> _samples = [];

    /// <summary>The readings, in order.</summary>
    public IReadOnlyList<MemorySample> Samples => _samples;

    /// <summary>Collections of generation <paramref name="generation"/> (0 counts every collection) since the trace began.</summary>
    public int Collections(int generation = 0) => GC.CollectionCount(generation) - _start[generation];

    /// <summary>Records the memory after <paramref name="iteration"/> iterations.</summary>
    public void Sample(int iteration)
    {
        var gc = GC.GetGCMemoryInfo();
        _samples.Add(new MemorySample(iteration, ResidentBytes(), Collections(), gc.HeapSizeBytes, gc.TotalCommittedBytes,
            _pool?.MemoryStats.HeldBytes ?? 0));
    }

    /// <summary>The resident set size of this process now.</summary>
    public static long ResidentBytes() => ProcStatus("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>The largest resident set this process has had.</summary>
    public static long PeakResidentBytes()
    {
        if (ProcStatus("VmHWM:") is { } peak) return peak;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    // "/proc/self/status" lines read "VmRSS:	  123456 kB"; null off Linux.
    private static long? ProcStatus(string key)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && long.TryParse(parts[0], out var kb) ? kb * 1024 : null;
        }
        return null;
    }
}
