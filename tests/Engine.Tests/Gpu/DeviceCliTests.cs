using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Kernels.Ilgpu;
using Engine.Tensors.Formats;
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

    [Fact]
    public void Selftest_passes_every_op_on_the_ilgpu_emulator()
    {
        var (code, output, error) = RunRestoringDefault("selftest", "--device", "ilgpu-cpu");
        Assert.True(code == 0, output + error);
        Assert.Contains("ILGPU's CPU emulator", output.Split('\n')[0]);
        Assert.Contains($"{OpCatalog.All.Length}/{OpCatalog.All.Length} ops pass on ilgpu-cpu", output);
    }

    [Fact]
    public void Probe_on_the_ilgpu_emulator_equals_probe_on_the_cpu()
    {
        Directory.CreateDirectory(_root);
        string w = Path.Combine(_root, "w.safetensors"), i = Path.Combine(_root, "i.safetensors");
        SafeTensors.Save(w, ProbeTests.Weights());
        SafeTensors.Save(i, ProbeTests.Inputs());
        var results = new Dictionary<string, SafeTensorsFile>();
        foreach (var device in new[] { "cpu", "ilgpu-cpu" })
        {
            var o = Path.Combine(_root, device + ".safetensors");
            var (code, output, error) = RunRestoringDefault("probe", "--device", device, "--weights", w, "--inputs", i, "--out", o);
            Assert.True(code == 0, output + error);
            results[device] = SafeTensors.Load(o);
        }
        var (cpu, emulator) = (results["cpu"], results["ilgpu-cpu"]);
        Assert.Equal(cpu.Tensors.Keys.Order(), emulator.Tensors.Keys.Order());
        Assert.Contains("grad.l1.weight", cpu.Tensors.Keys);
        foreach (var name in cpu.Tensors.Keys)
        {
            double[] e = (double[])cpu.Get(name).Data, a = (double[])emulator.Get(name).Data;
            Assert.Equal(e.Length, a.Length);
            for (var k = 0; k < e.Length; k++)
                Assert.True(Math.Abs(e[k] - a[k]) <= 1e-12 * (1 + Math.Abs(e[k])), $"{name}[{k}]: {a[k]:R} on ilgpu-cpu, {e[k]:R} on the cpu");
        }
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
        if (IlgpuBackend.TryGetCuda(out _, out _)) throw new SkipException("this machine has CUDA");
        var (code, _, error) = RunRestoringDefault("selftest", "--device", "cuda", "--filter", "neg");
        Assert.Equal(2, code);
        Assert.Contains("cuda:", error);
    }

    [Fact]
    public void Auto_says_what_it_picked_and_why()
    {
        var (code, output, error) = RunRestoringDefault("selftest", "--device", "auto", "--filter", "exp");
        Assert.True(code == 0, output + error);
        var gpu = IlgpuBackend.TryGetCuda(out _, out _) || (IlgpuBackend.TryGetOpenCl(out var cl, out _) && cl!.IsGpu);
        if (!gpu)
        {
            // No GPU here: it falls back to the CPU and says why CUDA and OpenCL were passed over.
            Assert.Contains("cpu (", output.Split('\n')[0]);
            Assert.Contains("no CUDA:", output.Split('\n')[0]);
        }
        Assert.Contains("(auto", output);
    }

    [SkippableFact]
    public void Opencl_without_a_device_ilgpu_can_use_names_what_it_found()
    {
        if (IlgpuBackend.TryGetOpenCl(out _, out _)) throw new SkipException("this machine has an OpenCL device ILGPU can use");
        var (code, _, error) = RunRestoringDefault("selftest", "--device", "opencl", "--filter", "neg");
        Assert.Equal(2, code);
        Assert.Contains("opencl:", error);
        var devices = OpenClDevices.List(out var why);
        if (devices is null) Assert.Contains(why, error);
        else if (devices.Count == 0) Assert.Contains("no OpenCL platform or device found", error);
        else
            foreach (var d in devices)
            {
                // PoCL 3.1 here: "cpu-... on Portable Computing Language (OpenCL C 1.2 PoCL, not 2.0)".
                Assert.Contains($"{d.Name} on {d.Platform} (", error);
                Assert.NotNull(d.Lacks);
                Assert.Contains(d.Lacks!, error);
            }
    }

    // About 35 s: the end-of-run evaluation (MMD over 2,500 samples) dominates on the emulator; --ema 0 spares a second one.
    [Fact]
    public void Train_runs_on_the_ilgpu_emulator()
    {
        var dir = Path.Combine(_root, "run");
        var (code, output, error) = RunRestoringDefault("train", "--device", "ilgpu-cpu", "--iters", "2", "--width", "8", "--batch", "8",
            "--eval-every", "2", "--checkpoint-every", "2", "--ema", "0", "--out", dir);
        Assert.True(code == 0, output + error);
        Assert.Contains("ilgpu-cpu", output);
        Assert.Contains("device memory: peak", output);
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
    }
}
