using System.Text;
using Engine.Kernels.Gpu;
using static Engine.Kernels.OpenCl.OpenClNative;

namespace Engine.Kernels.OpenCl;

/// <summary>
/// OpenCL 1.2 through the ICD loader: one context and one in-order command queue on the chosen
/// device. Launches are serialized by a lock because a cl_kernel's arguments are per object.
/// </summary>
internal sealed unsafe class OpenClRuntime : IGpuRuntime
{
    private readonly nint _context, _queue, _device;
    private readonly Lock _launchLock = new();

    private OpenClRuntime(nint device, string deviceName, bool isGpu, long totalMemory)
    {
        _device = device;
        DeviceName = deviceName;
        IsGpu = isGpu;
        TotalMemory = totalMemory;
        int error;
        var d = device;
        _context = CreateContext(null, 1, &d, 0, 0, &error);
        Check(error, $"clCreateContext on {deviceName}");
        _queue = CreateCommandQueue(_context, device, 0, &error);
        Check(error, $"clCreateCommandQueue on {deviceName}");
    }

    public string Dialect => "opencl";

    public string DeviceName { get; }

    /// <summary>True for a GPU device, false for a CPU one such as PoCL's.</summary>
    public bool IsGpu { get; }

    public long TotalMemory { get; }

    /// <summary>
    /// Opens the first GPU device of any platform, or else the first device with fp64 (PoCL on the
    /// CPU). Throws a <see cref="GpuException"/> naming what is missing: the loader library, a
    /// platform (no ICD installed), or a device.
    /// </summary>
    public static OpenClRuntime Open()
    {
        var devices = ListDevices();
        if (devices.Count == 0)
            throw new GpuException("opencl: libOpenCL.so.1 loads but no platform has a device with fp64 (install an ICD, e.g. apt-get install pocl-opencl-icd)");
        var pick = devices.FirstOrDefault(d => d.IsGpu);
        if (pick.Handle == 0) pick = devices[0];
        return new OpenClRuntime(pick.Handle, pick.Name, pick.IsGpu, pick.Memory);
    }

    /// <summary>Every device with fp64 on every platform, or an error naming the missing piece.</summary>
    public static List<(nint Handle, string Name, bool IsGpu, long Memory)> ListDevices()
    {
        uint count;
        int status;
        try
        {
            status = GetPlatformIDs(0, null, &count);
        }
        catch (DllNotFoundException e)
        {
            throw new GpuException("opencl: libOpenCL.so.1 not found (install ocl-icd-libopencl1 and a driver, e.g. pocl-opencl-icd)", e);
        }
        if (status == PlatformNotFoundKhr || count == 0) return [];
        Check(status, "clGetPlatformIDs");
        var platforms = new nint[count];
        fixed (nint* p = platforms) Check(GetPlatformIDs(count, p, null), "clGetPlatformIDs");
        var result = new List<(nint, string, bool, long)>();
        foreach (var platform in platforms)
        {
            uint n;
            if (GetDeviceIDs(platform, DeviceTypeAll, 0, null, &n) != Success || n == 0) continue;
            var devices = new nint[n];
            fixed (nint* d = devices) Check(GetDeviceIDs(platform, DeviceTypeAll, n, d, null), "clGetDeviceIDs");
            foreach (var device in devices)
            {
                if (!InfoString(device, DeviceExtensions).Contains("cl_khr_fp64", StringComparison.Ordinal)) continue;
                ulong type, memory;
                Check(GetDeviceInfo(device, OpenClNative.DeviceType, sizeof(ulong), &type, null), "clGetDeviceInfo(type)");
                Check(GetDeviceInfo(device, DeviceGlobalMemSize, sizeof(ulong), &memory, null), "clGetDeviceInfo(memory)");
                result.Add((device, InfoString(device, OpenClNative.DeviceName).Trim(), (type & DeviceTypeGpu) != 0, (long)memory));
            }
        }
        return result;
    }

    private static string InfoString(nint device, uint name)
    {
        nuint size;
        Check(GetDeviceInfo(device, name, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes) Check(GetDeviceInfo(device, name, size, b, null), "clGetDeviceInfo");
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    public ulong? TryAllocate(long bytes)
    {
        int error;
        var memory = CreateBuffer(_context, MemReadWrite, (nuint)bytes, null, &error);
        if (error is MemObjectAllocationFailure or OutOfResources or OutOfHostMemory) return null;
        Check(error, $"clCreateBuffer({bytes} bytes)");
        return (ulong)memory;
    }

    public void Free(ulong handle) => Check(ReleaseMemObject((nint)handle), "clReleaseMemObject");

    public void Write(ulong handle, long byteOffset, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty) return;
        fixed (byte* s = source)
            Check(EnqueueWriteBuffer(_queue, (nint)handle, 1, (nuint)byteOffset, (nuint)source.Length, s, 0, null, null), "clEnqueueWriteBuffer");
    }

    public void Read(ulong handle, long byteOffset, Span<byte> destination)
    {
        if (destination.IsEmpty) return;
        fixed (byte* d = destination)
            Check(EnqueueReadBuffer(_queue, (nint)handle, 1, (nuint)byteOffset, (nuint)destination.Length, d, 0, null, null), "clEnqueueReadBuffer");
    }

    public object Compile(string source, string label)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        int error;
        nint program;
        fixed (byte* s = bytes)
        {
            var strings = s;
            var length = (nuint)bytes.Length;
            program = CreateProgramWithSource(_context, 1, &strings, &length, &error);
        }
        Check(error, $"clCreateProgramWithSource({label})");
        var device = _device;
        var status = BuildProgram(program, 1, &device, "-cl-std=CL1.2", 0, 0);
        if (status != Success)
            throw new GpuException($"opencl: kernel program '{label}' does not compile on {DeviceName} ({ErrorName(status)}):\n{BuildLog(program)}");
        return program;
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (GetProgramBuildInfo(program, _device, ProgramBuildLog, 0, null, &size) != Success) return "(no build log)";
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes) GetProgramBuildInfo(program, _device, ProgramBuildLog, size, b, null);
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    public object GetKernel(object program, string name)
    {
        int error;
        var kernel = CreateKernel((nint)program, name, &error);
        Check(error, $"clCreateKernel({name})");
        return kernel;
    }

    public void Launch(object kernel, string name, (int X, int Y, int Z) groups, (int X, int Y, int Z) local, KernelArgs args)
    {
        var k = (nint)kernel;
        var global = stackalloc nuint[3] { (nuint)(groups.X * local.X), (nuint)(groups.Y * local.Y), (nuint)(groups.Z * local.Z) };
        var size = stackalloc nuint[3] { (nuint)local.X, (nuint)local.Y, (nuint)local.Z };
        lock (_launchLock)
        {
            fixed (byte* all = args.Bytes)
                for (var i = 0; i < args.Count; i++)
                {
                    var (offset, length) = args.Slot(i);
                    Check(SetKernelArg(k, (uint)i, (nuint)length, all + offset), $"clSetKernelArg({name}, {i})");
                }
            Check(EnqueueNDRangeKernel(_queue, k, 3, null, global, size, 0, null, null), $"clEnqueueNDRangeKernel({name})");
        }
    }

    public void Synchronize() => Check(Finish(_queue), "clFinish");
}
