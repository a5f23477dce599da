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
    /// The process-wide emulator backend ("ilgpu-cpu"): ILGPU's CPU accelerator with warps of 32
    /// and groups up to 256 threads, as a GPU has (its default device allows 16).
    /// </summary>
    public static IlgpuBackend Emulator => SharedEmulator.Value;

    /// <summary>A new emulator backend (tests that need a fresh pool use this).</summary>
    public static IlgpuBackend CreateEmulator() => CreateEmulator(long.MaxValue);

    /// <summary>
    /// A new emulator backend whose device memory ends at <paramref name="memoryLimitBytes"/>: the
    /// emulator's memory is the host's, so this is how a test sees a full device.
    /// </summary>
    public static IlgpuBackend CreateEmulator(long memoryLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryLimitBytes);
        var context = Context.Create(b => b.CPU(new CPUDevice(32, 8, 1)).EnableAlgorithms());
        return new IlgpuBackend(context, context.GetCPUDevice(0).CreateCPUAccelerator(context, CPUAcceleratorMode.Sequential), "ilgpu-cpu",
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
                reason = all.Count == 0
                    ? "no OpenCL platform or device found"
                    : "no OpenCL device has what ILGPU needs (OpenCL C 2.0, or 3.0 with the generic address space): "
                      + string.Join("; ", all.Select(d => $"{d.Name} on {d.PlatformName} (OpenCL C {d.CVersion}{(d.Capabilities.GenericAddressSpace ? "" : ", no generic address space")})"));
                context.Dispose();
                return false;
            }
            backend = new IlgpuBackend(context, usable[0].CreateAccelerator(context), "opencl");
            reason = "";
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.Dispose();
            reason = $"OpenCL through ILGPU failed: {e.Message}";
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
