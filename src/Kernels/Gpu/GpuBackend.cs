using Engine.Tensors;

namespace Engine.Kernels.Gpu;

/// <summary>
/// The IBackend contract on a GPU-style device: every op is a kernel launch on the runtime's one
/// in-order queue, with no host round trip; data crosses only at <see cref="Backend.Upload"/> and
/// <see cref="Backend.Download"/>. The kernels are the embedded sources of <see cref="KernelFamily"/>,
/// compiled at first use per (family, dtype) and cached; the device API (OpenCL, CUDA) sits behind
/// <see cref="IGpuRuntime"/>. Split by concern into partial files.
/// </summary>
public sealed partial class GpuBackend : Backend
{
    private const int BlockSize = 256;
    private readonly IGpuRuntime _runtime;

    /// <summary>The device API behind this backend.</summary>
    internal IGpuRuntime Runtime => _runtime;
    private readonly DeviceMemory _memory;
    private readonly Dictionary<(KernelFamily, DType), object> _programs = new();
    private readonly Dictionary<(KernelFamily, DType, string), object> _kernels = new();
    private readonly Lock _compileLock = new();

    internal GpuBackend(IGpuRuntime runtime, string name)
    {
        _runtime = runtime;
        _memory = new DeviceMemory(runtime);
        Name = name;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The device's name as its driver reports it.</summary>
    public string DeviceName => _runtime.DeviceName;

    /// <summary>Total device memory in bytes.</summary>
    public long TotalMemory => _runtime.TotalMemory;

    /// <summary>How much device memory the backend holds and uses.</summary>
    public DeviceMemoryStats Memory => _memory.Stats;

    /// <inheritdoc />
    public override void Synchronize() => _runtime.Synchronize();

    /// <summary>Compiles every kernel family for both dtypes now, so that no first launch pays for it (and a broken source fails here).</summary>
    public void CompileAll()
    {
        foreach (var family in Enum.GetValues<KernelFamily>())
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                Program(family, dtype);
    }

    private object Program(KernelFamily family, DType dtype)
    {
        lock (_compileLock)
        {
            if (_programs.TryGetValue((family, dtype), out var program)) return program;
            var source = KernelSource.Build(_runtime.Dialect, family, dtype);
            return _programs[(family, dtype)] = _runtime.Compile(source, $"{KernelSource.FileName(family)} ({dtype.Name()})");
        }
    }

    private object Kernel(KernelFamily family, DType dtype, string name)
    {
        var program = Program(family, dtype);
        lock (_compileLock)
        {
            if (_kernels.TryGetValue((family, dtype, name), out var kernel)) return kernel;
            return _kernels[(family, dtype, name)] = _runtime.GetKernel(program, name);
        }
    }

    /// <summary>Launches a 1-D kernel over <paramref name="n"/> work-items (rounded up to whole blocks; kernels guard).</summary>
    private void Launch1D(KernelFamily family, DType dtype, string name, int n, KernelArgs args)
    {
        if (n == 0) return;
        _runtime.Launch(Kernel(family, dtype, name), name, ((n + BlockSize - 1) / BlockSize, 1, 1), (BlockSize, 1, 1), args);
    }

    private void Launch(KernelFamily family, DType dtype, string name, (int, int, int) groups, (int, int, int) local, KernelArgs args) =>
        _runtime.Launch(Kernel(family, dtype, name), name, groups, local, args);

    /// <summary>The device handle behind <paramref name="a"/>, checking that this backend owns it.</summary>
    private ulong HandleOf(NDArray a, string op) =>
        a.Buffer is GpuBuffer b && ReferenceEquals(b.Backend, this) ? b.Handle
        : throw new ArgumentException($"{Name} {op}: operand {a.ShapeString} lives on {a.Backend.Name}, not on {Name}; move it with To(backend) first");

    private static bool Is64(NDArray a) => a.DType == DType.Float64;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({DeviceName})";
}
