using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>`--device` sets the process-wide default backend, so these tests run alone and restore it.</summary>
[CollectionDefinition(nameof(DeviceCliCollection), DisableParallelization = true)]
public sealed class DeviceCliCollection;

/// <summary>The CLI's device selection and <c>engine selftest</c>.</summary>
[Collection(nameof(DeviceCliCollection))]
public sealed class DeviceCliTests : CliHarness
{
    private static (int Code, string Out, string Err) RunRestoringDefault(params string[] args)
    {
        try
        {
            return Run(args);
        }
        finally
        {
            Tensor.DefaultBackend = CpuBackend.Instance;
        }
    }

    [SkippableFact]
    public void Selftest_passes_every_op_on_opencl()
    {
        GpuTestDevices.OpenCl();
        var (code, output, error) = RunRestoringDefault("selftest", "--device", "opencl");
        Assert.True(code == 0, output + error);
        Assert.Contains($"{OpCatalog.All.Length}/{OpCatalog.All.Length} ops pass on opencl", output);
        Assert.Contains("conv_transpose2d_s2_outpad1", output);
    }

    [Fact]
    public void Selftest_rejects_a_filter_that_matches_nothing()
    {
        var (code, _, error) = RunRestoringDefault("selftest", "--device", "cpu", "--filter", "no-such-op");
        Assert.Equal(2, code);
        Assert.Contains("matches no op", error);
    }

    [Fact]
    public void Cuda_without_a_driver_is_a_clear_error()
    {
        if (Engine.Kernels.Ilgpu.IlgpuBackend.TryGetCuda(out _, out _)) throw new SkipException("this machine has CUDA");
        var (code, _, error) = RunRestoringDefault("selftest", "--device", "cuda", "--filter", "neg");
        Assert.Equal(2, code);
        Assert.Contains("cuda:", error);
    }

    [SkippableFact]
    public void Auto_says_what_it_picked_and_why()
    {
        GpuTestDevices.OpenCl();
        var (code, output, error) = RunRestoringDefault("selftest", "--device", "auto", "--filter", "exp");
        Assert.True(code == 0, output + error);
        if (!Engine.Kernels.OpenCl.OpenClBackend.IsGpu && !Engine.Kernels.Ilgpu.IlgpuBackend.TryGetCuda(out _, out _))
            Assert.Contains("cpu (", output.Split('\n')[0]);
        Assert.Contains("(auto", output);
    }

    [SkippableFact]
    public void Train_runs_on_opencl()
    {
        GpuTestDevices.OpenCl();
        var dir = Path.Combine(_root, "run");
        var (code, output, error) = RunRestoringDefault("train", "--device", "opencl", "--iters", "3", "--width", "16", "--batch", "16",
            "--eval-every", "3", "--checkpoint-every", "3", "--out", dir);
        Assert.True(code == 0, output + error);
        Assert.Contains("opencl", output);
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
    }
}
