using System.Diagnostics;
using Engine.Kernels.Gpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>
/// Compiles every kernel family's CUDA program text (the same text NVRTC gets) with Debian's clang
/// for sm_80 and a stand-in for NVRTC's implicit declarations, so a CUDA syntax or type error fails
/// CI even on a machine without a GPU. Skips when no clang is installed, unless
/// ENGINE_REQUIRE_CLANG=1 (set by .ci/run).
/// </summary>
public sealed class CudaCompileCheckTests
{
    public static TheoryData<string, string> Programs()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in Enum.GetValues<KernelFamily>())
            foreach (var dtype in new[] { "float32", "float64" })
                data.Add(family.ToString(), dtype);
        return data;
    }

    [SkippableTheory, MemberData(nameof(Programs))]
    public void Cuda_source_compiles_with_clang(string family, string dtype)
    {
        var clang = FindClang();
        var dir = Directory.CreateTempSubdirectory("engine-cuda-check").FullName;
        try
        {
            var source = KernelSource.Build("cuda", Enum.Parse<KernelFamily>(family), dtype == "float64" ? DType.Float64 : DType.Float32);
            var file = Path.Combine(dir, $"{family}.cu");
            File.WriteAllText(file, $"#include \"{StandIn}\"\n" + source);
            var (code, output) = Run(clang, $"-x cuda --cuda-device-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80 -std=c++14 -Werror=implicit-function-declaration -S -o {Path.Combine(dir, "out.ptx")} {file}");
            Assert.True(code == 0, $"clang rejects the CUDA source of {family} ({dtype}):\n{output}");
            Assert.Contains(".entry", File.ReadAllText(Path.Combine(dir, "out.ptx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void A_cuda_syntax_error_is_caught()
    {
        var clang = FindClang();
        var dir = Directory.CreateTempSubdirectory("engine-cuda-check").FullName;
        try
        {
            var file = Path.Combine(dir, "bad.cu");
            File.WriteAllText(file, $"#include \"{StandIn}\"\n"
                + KernelSource.Build("cuda", KernelFamily.Optimizer, DType.Float32).Replace("T gi = g[o.g + i];", "T gi = g[o.g + i]"));
            var (code, _) = Run(clang, $"-x cuda --cuda-device-only -nocudainc -nocudalib --cuda-gpu-arch=sm_80 -S -o {Path.Combine(dir, "out.ptx")} {file}");
            Assert.NotEqual(0, code);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string StandIn => Path.Combine(AppContext.BaseDirectory, "Gpu", "nvrtc_standin.h");

    private static string FindClang()
    {
        foreach (var name in new[] { "clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        if (Environment.GetEnvironmentVariable("ENGINE_REQUIRE_CLANG") == "1")
            throw new InvalidOperationException("ENGINE_REQUIRE_CLANG=1 but no clang is on PATH (apt-get install clang)");
        throw new SkipException("no clang on PATH: the CUDA compile check needs Debian's clang (apt-get install clang)");
    }

    private static (int Code, string Output) Run(string exe, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(exe, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
