using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    private static readonly Lazy<IlgpuBackend> SharedEmulator = new(CreateEmulator);

    /// <summary>
    /// The process-wide emulator backend ("ilgpu-cpu"): ILGPU's CPU accelerator with small groups
    /// (see <see cref="CreateEmulator(long)"/>).
    /// </summary>
    public static IlgpuBackend Emulator => SharedEmulator.Value;

    /// <summary>A new emulator backend (tests that need a fresh pool use this).</summary>
    public static IlgpuBackend CreateEmulator() => CreateEmulator(long.MaxValue);

    /// <summary>
    /// A new emulator backend whose device memory ends at <paramref name="memoryLimitBytes"/>: the
    /// emulator's memory is the host's, so this is how a test sees a full device. Its groups are
    /// 4 threads (warps of 2, 2 warps): the emulator runs every thread of a group as an OS thread
    /// and wakes them all for each group, so a launch of a few elements cost about 5 ms with
    /// groups of 256 and about 0.1 ms with groups of 4 (measured here); the explicitly grouped
    /// kernels then take 2 x 2 tiles (<see cref="GroupSide"/>).
    /// </summary>
    public static IlgpuBackend CreateEmulator(long memoryLimitBytes) => CreateEmulator(memoryLimitBytes, new CPUDevice(2, 2, 1));

    /// <summary>
    /// A new emulator backend with a GPU's groups (warps of 32, 8 warps: 256 threads), so the
    /// explicitly grouped kernels run with the tile sizes a GPU runs (16 x 16). Slow: for tests of
    /// tile edges on small shapes.
    /// </summary>
    public static IlgpuBackend CreateGpuShapedEmulator() => CreateEmulator(long.MaxValue, new CPUDevice(32, 8, 1));

    private static IlgpuBackend CreateEmulator(long memoryLimitBytes, CPUDevice device)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryLimitBytes);
        var context = Context.Create(b => b.CPU(device).EnableAlgorithms());
        // Parallel: the accelerator's threads run the groups; Sequential (one thread driving the group's
        // threads in turn) was 3-30 times slower per launch here.
        return new IlgpuBackend(context, context.GetCPUDevice(0).CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel), "ilgpu-cpu",
            memoryLimitBytes);
    }

    private static readonly Lazy<(IlgpuBackend? Backend, string Reason)> SharedCuda =
        new(() => TryCreateCuda(out var b, out var r) ? (b, r) : (null, r));

    /// <summary>The process-wide CUDA backend (device 0), opened on first use; false and why not when there is none.</summary>
    public static bool TryGetCuda(out IlgpuBackend? backend, out string reason)
    {
        (backend, reason) = SharedCuda.Value;
        return backend is not null;
    }

    /// <summary>The first CUDA device, or false and why not (no driver, no device).</summary>
    public static bool TryCreateCuda(out IlgpuBackend? backend, out string reason)
    {
        backend = null;
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda().EnableAlgorithms());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                context.Dispose();
                reason = "ILGPU found no CUDA device (no NVIDIA driver, libcuda.so, or GPU)";
                return false;
            }
            backend = new IlgpuBackend(context, devices[0].CreateAccelerator(context), "cuda");
            reason = "";
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.Dispose();
            reason = $"CUDA through ILGPU failed: {e.Message}";
            return false;
        }
    }

    private static readonly Lazy<(IlgpuBackend? Backend, string Reason)> SharedOpenCl =
        new(() => TryCreateOpenCl(out var b, out var r) ? (b, r) : (null, r));

    /// <summary>The process-wide OpenCL backend, opened on first use; false and why not (see <see cref="TryCreateOpenCl"/>).</summary>
    public static bool TryGetOpenCl(out IlgpuBackend? backend, out string reason)
    {
        (backend, reason) = SharedOpenCl.Value;
        return backend is not null;
    }

    /// <summary>
    /// Why no OpenCL device opens: no ICD loader, no platform, or each device found (listed by the
    /// loader itself, since ILGPU lists only devices it can use) and what it lacks.
    /// </summary>
    public static string OpenClRefusal()
    {
        var devices = OpenClDevices.List(out var why);
        if (devices is null) return why;
        if (devices.Count == 0) return "no OpenCL platform or device found";
        return "no OpenCL device has what ILGPU needs (OpenCL C 2.0, or 3.0 with the generic address space): "
               + string.Join("; ", devices.Select(d => $"{d.Name} on {d.Platform} ({d.Lacks ?? "ILGPU did not list it"})"));
    }

    /// <summary>
    /// The first OpenCL device ILGPU can compile for (OpenCL 2.0, or 3.0 with the generic address
    /// space), preferring GPUs; or false and a reason that names every device found and what it lacks.
    /// </summary>
    public static bool TryCreateOpenCl(out IlgpuBackend? backend, out string reason)
    {
        backend = null;
        Context? context = null;
        try
        {
            context = Context.Create(b => b.OpenCL(_ => true).EnableAlgorithms());
            var all = new List<CLDevice>();
            foreach (var d in context.GetCLDevices()) all.Add(d);
            var usable = all.Where(Qualifies).OrderBy(d => d.DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU ? 0 : 1).ToList();
            if (usable.Count == 0)
            {
                context.Dispose();
                reason = OpenClRefusal();
                return false;
            }
            backend = new IlgpuBackend(context, usable[0].CreateAccelerator(context), "opencl");
            reason = "";
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.Dispose();
            // Say what is there too (no loader, no platform, or each device and what it lacks).
            reason = $"OpenCL through ILGPU failed: {e.Message}; {OpenClRefusal()}";
            return false;
        }
    }

    /// <summary>Whether the accelerator runs on a GPU (not ILGPU's emulator, not an OpenCL CPU device).</summary>
    public bool IsGpu => _accelerator.AcceleratorType switch
    {
        AcceleratorType.Cuda => true,
        AcceleratorType.OpenCL => ((CLAccelerator)_accelerator).DeviceType == CLDeviceType.CL_DEVICE_TYPE_GPU,
        _ => false,
    };

    private static bool Qualifies(CLDevice d) => d.CVersion >= CLCVersion.CL20 || d.Capabilities.GenericAddressSpace;
}
