using System.Security.Cryptography;
using System.Text;
using Engine.Kernels.Gpu;
using static Engine.Kernels.Cuda.CudaNative;

namespace Engine.Kernels.Cuda;

/// <summary>
/// CUDA through the driver API on device 0's primary context, made current on every thread that
/// calls in. Kernels are compiled by NVRTC for the device's own architecture (sm_XY from its
/// compute capability) to a CUBIN, cached in memory per source and on disk under
/// ~/.cache/engine/cuda, and run on the legacy default stream, so every call is ordered.
/// </summary>
internal sealed unsafe class CudaRuntime : IGpuRuntime
{
    [ThreadStatic] private static nint _currentOnThread;
    private readonly nint _context;
    private readonly int _device;
    private readonly string _arch;

    private CudaRuntime(int device, nint context, string name, long memory, string arch)
    {
        _device = device;
        _context = context;
        DeviceName = name;
        TotalMemory = memory;
        _arch = arch;
    }

    public string Dialect => "cuda";

    public string DeviceName { get; }

    public long TotalMemory { get; }

    /// <summary>Opens device 0, or throws a <see cref="GpuException"/> naming what is missing (driver library, device, NVRTC).</summary>
    public static CudaRuntime Open()
    {
        int status;
        try
        {
            status = Init(0);
        }
        catch (DllNotFoundException e)
        {
            throw new GpuException("cuda: libcuda.so.1 not found (no NVIDIA driver on this machine)", e);
        }
        if (status == ErrorNoDevice) throw new GpuException("cuda: the driver loads but reports no CUDA device");
        Check(status, "cuInit");
        int count, device;
        Check(DeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0) throw new GpuException("cuda: the driver loads but reports no CUDA device");
        Check(DeviceGet(&device, 0), "cuDeviceGet");
        var name = stackalloc byte[256];
        Check(DeviceGetName(name, 256, device), "cuDeviceGetName");
        nuint memory;
        Check(DeviceTotalMem(&memory, device), "cuDeviceTotalMem");
        int major, minor;
        Check(DeviceGetAttribute(&major, AttributeComputeCapabilityMajor, device), "cuDeviceGetAttribute(major)");
        Check(DeviceGetAttribute(&minor, AttributeComputeCapabilityMinor, device), "cuDeviceGetAttribute(minor)");
        nint context;
        Check(DevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        NvrtcNative.Load();
        return new CudaRuntime(device, context, new string((sbyte*)name).Trim(), (long)memory, $"sm_{major}{minor}");
    }

    private void MakeCurrent()
    {
        if (_currentOnThread == _context) return;
        Check(CtxSetCurrent(_context), "cuCtxSetCurrent");
        _currentOnThread = _context;
    }

    public ulong? TryAllocate(long bytes)
    {
        MakeCurrent();
        ulong pointer;
        var status = MemAlloc(&pointer, (nuint)bytes);
        if (status == ErrorOutOfMemory) return null;
        Check(status, $"cuMemAlloc({bytes} bytes)");
        return pointer;
    }

    public void Free(ulong handle)
    {
        MakeCurrent();
        Check(MemFree(handle), "cuMemFree");
    }

    public void Write(ulong handle, long byteOffset, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty) return;
        MakeCurrent();
        fixed (byte* s = source) Check(MemcpyHtoD(handle + (ulong)byteOffset, s, (nuint)source.Length), "cuMemcpyHtoD");
    }

    public void Read(ulong handle, long byteOffset, Span<byte> destination)
    {
        if (destination.IsEmpty) return;
        MakeCurrent();
        fixed (byte* d = destination) Check(MemcpyDtoH(d, handle + (ulong)byteOffset, (nuint)destination.Length), "cuMemcpyDtoH");
    }

    public object Compile(string source, string label)
    {
        MakeCurrent();
        var cubin = CachedCubin(source, label);
        nint module;
        fixed (byte* image = cubin) Check(ModuleLoadData(&module, image), $"cuModuleLoadData({label})");
        return module;
    }

    /// <summary>The CUBIN for <paramref name="source"/>: from the disk cache when present, else compiled by NVRTC and cached.</summary>
    private byte[] CachedCubin(string source, string label)
    {
        int major, minor;
        NvrtcNative.Check(NvrtcNative.Version(&major, &minor), "nvrtcVersion");
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{_arch}\nnvrtc {major}.{minor}\n{source}")))[..32];
        var dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "engine", "cuda");
        var path = Path.Combine(dir, key + ".cubin");
        if (File.Exists(path)) return File.ReadAllBytes(path);
        var cubin = CompileCubin(source, label);
        try
        {
            Directory.CreateDirectory(dir);
            var temp = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, cubin);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException) { }  // a read-only home only costs a recompile next time
        catch (UnauthorizedAccessException) { }
        return cubin;
    }

    private byte[] CompileCubin(string source, string label)
    {
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var name = Encoding.UTF8.GetBytes(label + "\0");
        string[] options = [$"--gpu-architecture={_arch}", "--std=c++14"];
        var optionBytes = options.Select(o => Encoding.UTF8.GetBytes(o + "\0")).ToArray();
        nint program;
        fixed (byte* s = src, n = name)
            NvrtcNative.Check(NvrtcNative.CreateProgram(&program, s, n, 0, null, null), $"nvrtcCreateProgram({label})");
        try
        {
            var pinned = optionBytes.Select(b => System.Runtime.InteropServices.GCHandle.Alloc(b, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
            int status;
            try
            {
                var pointers = stackalloc byte*[pinned.Length];
                for (var i = 0; i < pinned.Length; i++) pointers[i] = (byte*)pinned[i].AddrOfPinnedObject();
                status = NvrtcNative.CompileProgram(program, pinned.Length, pointers);
            }
            finally
            {
                foreach (var p in pinned) p.Free();
            }
            if (status != 0)
                throw new GpuException($"cuda: kernel program '{label}' does not compile for {_arch} on {DeviceName}:\n{Log(program)}");
            nuint size;
            NvrtcNative.Check(NvrtcNative.GetCubinSize(program, &size), "nvrtcGetCUBINSize");
            var cubin = new byte[(int)size];
            fixed (byte* c = cubin) NvrtcNative.Check(NvrtcNative.GetCubin(program, c), "nvrtcGetCUBIN");
            return cubin;
        }
        finally
        {
            NvrtcNative.DestroyProgram(&program);
        }
    }

    private static string Log(nint program)
    {
        nuint size;
        if (NvrtcNative.GetProgramLogSize(program, &size) != 0) return "(no log)";
        var log = new byte[(int)size];
        fixed (byte* l = log) NvrtcNative.GetProgramLog(program, l);
        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    public object GetKernel(object program, string name)
    {
        MakeCurrent();
        nint function;
        Check(ModuleGetFunction(&function, (nint)program, name), $"cuModuleGetFunction({name})");
        return function;
    }

    public void Launch(object kernel, string name, (int X, int Y, int Z) groups, (int X, int Y, int Z) local, KernelArgs args)
    {
        MakeCurrent();
        // cuLaunchKernel copies each argument through its pointer before it returns.
        var pointers = stackalloc void*[Math.Max(args.Count, 1)];
        fixed (byte* all = args.Bytes)
        {
            for (var i = 0; i < args.Count; i++) pointers[i] = all + args.Slot(i).Offset;
            Check(LaunchKernel((nint)kernel, (uint)groups.X, (uint)groups.Y, (uint)groups.Z, (uint)local.X, (uint)local.Y, (uint)local.Z,
                0, 0, pointers, null), $"cuLaunchKernel({name})");
        }
    }

    public void Synchronize()
    {
        MakeCurrent();
        Check(CtxSynchronize(), "cuCtxSynchronize");
    }
}
