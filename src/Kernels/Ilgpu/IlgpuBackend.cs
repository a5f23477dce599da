using System.Collections.Concurrent;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// The GPU backend: kernels written in C# (src/Kernels/Ilgpu/Kernels) and compiled by ILGPU at
/// first use, to PTX for CUDA, to OpenCL C for OpenCL 2.0 devices, or run on ILGPU's CPU emulator
/// (one OS thread per GPU thread, real barriers: the accelerator CI runs). Ops are launches on the
/// accelerator's default stream; data crosses to the host only at <see cref="Backend.Upload"/> and
/// <see cref="Backend.Download"/>. Split by concern into partial files.
/// </summary>
public sealed partial class IlgpuBackend : Backend, IPooledMemory, IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly IlgpuMemory _memory;
    private readonly BlockPool<MemoryBuffer1D<byte, Stride1D.Dense>> _pool;
    private readonly ConcurrentDictionary<(string, Type, Type), Delegate> _kernels = new();
    private readonly ConcurrentDictionary<string, MemoryBuffer1D<int, Stride1D.Dense>> _geometries = new();
    private const int MaxCachedGeometries = 4096;

    // ILGPU's CPU accelerator hangs when two threads launch at once (seen with tests running in
    // parallel), and one stream is in-order anyway: every op enters here one at a time.
    private readonly Lock _gate = new();

    private IlgpuBackend(Context context, Accelerator accelerator, string name, long memoryLimitBytes = long.MaxValue)
    {
        _context = context;
        _accelerator = accelerator;
        Name = name;
        _memory = new IlgpuMemory(accelerator, name, memoryLimitBytes);
        _pool = new BlockPool<MemoryBuffer1D<byte, Stride1D.Dense>>(_memory);
        var maxGroup = accelerator.MaxNumThreadsPerGroup;
        GroupSide = maxGroup >= 256 ? 16 : maxGroup >= 16 ? 4 : 2;
    }

    /// <summary>
    /// The side of the GEMM tiles and the square of it the threads of a group reduction: 16 where the
    /// accelerator allows groups of 256 threads (GPUs), less on an emulator with smaller groups.
    /// </summary>
    public int GroupSide { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The device's name as ILGPU reports it.</summary>
    public string DeviceName => _accelerator.Name;

    /// <summary>Total device memory in bytes.</summary>
    public long TotalMemory => _accelerator.MemorySize;

    /// <summary>The device memory pool's counters.</summary>
    public PoolStats MemoryStats => _pool.Stats;

    /// <inheritdoc />
    public override void Synchronize() => _accelerator.Synchronize();

    /// <summary>Frees the pool, the accelerator and the ILGPU context.</summary>
    public void Dispose()
    {
        _accelerator.Synchronize();
        foreach (var g in _geometries.Values) g.Dispose();
        _geometries.Clear();
        _pool.Trim();
        _memory.FreeAll();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>Threads of a grid-stride launch over <paramref name="count"/> elements: at most what the device holds at once.</summary>
    private int Extent(int count) => Math.Max(1, Math.Min(count, _accelerator.MaxNumThreads));

    /// <summary>The grid-stride lanes of a launch over <paramref name="count"/> elements (see <see cref="Ilgpu.Lanes"/>).</summary>
    private Lanes Spread(int count) => new(count, Extent(count));

    /// <summary>The loaded kernel for (name, T, operator), compiled on first use and cached.</summary>
    private TDelegate Kernel<TDelegate>(string name, Type t, Type op, Func<Accelerator, TDelegate> load) where TDelegate : Delegate =>
        (TDelegate)_kernels.GetOrAdd((name, t, op), _ => load(_accelerator));

    /// <summary>
    /// The device copy of an int geometry (shape, strides, offsets). Training repeats the same
    /// shapes every step, so geometries are cached by content and uploaded once.
    /// </summary>
    private ArrayView<int> Geometry(int[] g)
    {
        var key = string.Join(',', g);
        if (_geometries.TryGetValue(key, out var cached)) return cached.View;
        if (_geometries.Count >= MaxCachedGeometries)
        {
            _accelerator.Synchronize();
            foreach (var old in _geometries.Values) old.Dispose();
            _geometries.Clear();
        }
        var buffer = _accelerator.Allocate1D(g);
        return _geometries.GetOrAdd(key, buffer).View;
    }

    /// <summary>The elements of <paramref name="a"/>'s buffer as a kernel argument (ownership checked by the base).</summary>
    private static ArrayView<T> ViewOf<T>(NDArray a) where T : unmanaged => ((IlgpuBuffer)a.Buffer).View<T>();

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({DeviceName})";
}
