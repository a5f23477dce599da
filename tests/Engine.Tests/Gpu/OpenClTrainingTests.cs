using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Gpu;

/// <summary>The whole WGAN-GP trainer on OpenCL: same numbers as the CPU, and device memory that stops growing.</summary>
public sealed class OpenClTrainingTests(ITestOutputHelper output)
{
    private static TrainConfig Config(string model, string penalty) => new()
    {
        Dataset = model == "toy-mlp" ? "8gaussians" : "random-images",
        Model = model,
        Penalty = penalty,
        Width = model == "toy-mlp" ? 32 : 4,
        Batch = model == "toy-mlp" ? 64 : 4,
        DType = DType.Float64,
        EmaDecay = 0,
        Seed = 3,
    };

    [SkippableTheory]
    [InlineData("toy-mlp", "gp")]
    [InlineData("toy-mlp", "clip")]
    [InlineData("mnist-dcgan", "gp")]
    [InlineData("mnist-dcgan-ln", "gp")]
    public void Training_on_opencl_follows_the_cpu_run(string model, string penalty)
    {
        var gpu = GpuTestDevices.OpenCl();
        var config = Config(model, penalty);
        var cpu = new WganTrainer(config, CpuBackend.Instance);
        var device = new WganTrainer(config, gpu);
        for (var i = 0; i < 4; i++)
        {
            cpu.RunIteration();
            device.RunIteration();
        }
        foreach (var (module, onCpu, onDevice) in new[] { ("critic", cpu.Critic, device.Critic), ("generator", cpu.Generator, device.Generator) })
        {
            var expected = onCpu.NamedParameters().ToList();
            var actual = onDevice.NamedParameters().ToList();
            Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
            for (var p = 0; p < expected.Count; p++)
            {
                Assert.Same(gpu, actual[p].Value.Data.Backend);
                double[] e = expected[p].Value.ToDoubleArray(), a = actual[p].Value.ToDoubleArray();
                for (var j = 0; j < e.Length; j++)
                    Assert.True(Math.Abs(e[j] - a[j]) <= 1e-9 * (1 + Math.Abs(e[j])),
                        $"{model}/{penalty} {module}.{expected[p].Name}[{j}]: {a[j]} on OpenCL, {e[j]} on the CPU");
            }
        }
    }

    [SkippableFact]
    public void Device_memory_stops_growing_over_a_training_loop()
    {
        var gpu = GpuTestDevices.OpenCl();
        var trainer = new WganTrainer(Config("toy-mlp", "gp") with { DType = DType.Float32 }, gpu);
        var peaks = new List<long>();
        for (var i = 0; i < 1500; i++)
        {
            trainer.CriticStep();
            if (i % 250 == 249) peaks.Add(gpu.Memory.PeakDeviceBytes);
        }
        output.WriteLine($"peak device bytes every 250 steps: {string.Join(", ", peaks)}; {gpu.Memory}");
        // Buffers come back through the pool: after warm-up the peak barely moves (3,000 steps measured: flat from step 750).
        Assert.True(peaks[^1] <= peaks[1] * 5 / 4, $"device memory grew from {peaks[1]} at step 500 to {peaks[^1]} at step 1500");
    }

    [SkippableFact]
    public void Unreachable_buffers_are_reclaimed_when_the_budget_is_passed()
    {
        var gpu = GpuTestDevices.OpenCl();
        // 10,000 dropped 1 MiB buffers (10 GiB in total, more than PoCL's device memory) must reuse a bounded pool.
        for (var i = 0; i < 10_000; i++) _ = gpu.Allocate(DType.Float32, 1 << 18);
        var stats = gpu.Memory;
        output.WriteLine(stats.ToString());
        Assert.True(stats.PeakDeviceBytes < 1L << 30, $"peak {stats.PeakDeviceBytes} bytes: dropped buffers were not reclaimed");
        Assert.True(stats.Collections > 0);
    }
}
