using System.Reflection;
using System.Runtime.InteropServices;
using Engine.Kernels.Gpu;

namespace Engine.Kernels.Cuda;

/// <summary>
/// NVRTC, CUDA's run-time compiler. Its soname carries the CUDA major version, so the library is
/// found at run time: <c>libnvrtc.so.13</c>, then <c>.12</c>, on the loader path, under
/// $CUDA_HOME / /usr/local/cuda, or in a pip-installed nvidia-cuda-nvrtc wheel (PyTorch ships one);
/// the matching <c>libnvrtc-builtins.so.*</c> beside it is preloaded by full path, as NVRTC opens it
/// by name and would otherwise miss it outside the loader path.
/// </summary>
internal static unsafe partial class NvrtcNative
{
    private const string Library = "engine-nvrtc";
    private static readonly string[] Sonames = ["libnvrtc.so.13", "libnvrtc.so.12"];
    private static string? _loadedPath;

    static NvrtcNative() => NativeLibrary.SetDllImportResolver(typeof(NvrtcNative).Assembly, Resolve);

    /// <summary>Loads NVRTC now; throws a <see cref="GpuException"/> listing where it looked when it is missing.</summary>
    public static string Load()
    {
        if (_loadedPath is not null) return _loadedPath;
        var handle = Resolve(Library, typeof(NvrtcNative).Assembly, null);
        if (handle == 0)
            throw new GpuException($"cuda: NVRTC not found (looked for {string.Join(", ", Sonames)} on the loader path and in {string.Join(", ", SearchDirectories())}); set CUDA_HOME or install the CUDA toolkit's nvrtc");
        return _loadedPath!;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return 0;
        foreach (var soname in Sonames)
        {
            if (NativeLibrary.TryLoad(soname, out var handle)) return Loaded(handle, soname, null);
            foreach (var dir in SearchDirectories())
            {
                var full = Path.Combine(dir, soname);
                if (File.Exists(full) && NativeLibrary.TryLoad(full, out handle)) return Loaded(handle, full, dir);
            }
        }
        return 0;
    }

    private static nint Loaded(nint handle, string path, string? dir)
    {
        _loadedPath = path;
        // The builtins library sits next to libnvrtc; find it through the loaded library's directory.
        dir ??= SearchDirectories().FirstOrDefault(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "libnvrtc-builtins.so*").Any());
        if (dir is not null && Directory.Exists(dir))
            foreach (var builtins in Directory.EnumerateFiles(dir, "libnvrtc-builtins.so*").OrderByDescending(f => f.Length))
                if (NativeLibrary.TryLoad(builtins, out _)) break;
        return handle;
    }

    private static IEnumerable<string> SearchDirectories()
    {
        foreach (var home in new[] { Environment.GetEnvironmentVariable("CUDA_HOME"), Environment.GetEnvironmentVariable("CUDA_PATH"), "/usr/local/cuda" })
            if (!string.IsNullOrEmpty(home))
            {
                yield return Path.Combine(home, "lib64");
                yield return Path.Combine(home, "lib");
            }
        yield return "/usr/lib/x86_64-linux-gnu";
        foreach (var root in new[] { "/usr/local/lib", "/usr/lib", "/opt/conda/lib", Environment.GetEnvironmentVariable("HOME") + "/.local/lib" })
        {
            if (!Directory.Exists(root)) continue;
            foreach (var python in Directory.EnumerateDirectories(root, "python3*"))
                foreach (var packages in new[] { "site-packages", "dist-packages" })
                {
                    yield return Path.Combine(python, packages, "nvidia", "cuda_nvrtc", "lib");
                    yield return Path.Combine(python, packages, "nvidia", "cu13", "lib");
                }
        }
    }

    [LibraryImport(Library, EntryPoint = "nvrtcVersion")]
    public static partial int Version(int* major, int* minor);

    [LibraryImport(Library, EntryPoint = "nvrtcCreateProgram")]
    public static partial int CreateProgram(nint* program, byte* source, byte* name, int numHeaders, byte** headers, byte** includeNames);

    [LibraryImport(Library, EntryPoint = "nvrtcCompileProgram")]
    public static partial int CompileProgram(nint program, int numOptions, byte** options);

    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLogSize")]
    public static partial int GetProgramLogSize(nint program, nuint* size);

    [LibraryImport(Library, EntryPoint = "nvrtcGetProgramLog")]
    public static partial int GetProgramLog(nint program, byte* log);

    [LibraryImport(Library, EntryPoint = "nvrtcGetCUBINSize")]
    public static partial int GetCubinSize(nint program, nuint* size);

    [LibraryImport(Library, EntryPoint = "nvrtcGetCUBIN")]
    public static partial int GetCubin(nint program, byte* cubin);

    [LibraryImport(Library, EntryPoint = "nvrtcDestroyProgram")]
    public static partial int DestroyProgram(nint* program);

    [LibraryImport(Library, EntryPoint = "nvrtcGetErrorString")]
    public static partial byte* GetErrorString(int result);

    public static void Check(int status, string what)
    {
        if (status != 0) throw new GpuException($"cuda: {what} failed with {Marshal.PtrToStringUTF8((nint)GetErrorString(status))} ({status})");
    }
}
