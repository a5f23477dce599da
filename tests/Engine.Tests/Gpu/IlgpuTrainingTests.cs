using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Kernels.Ilgpu;
using Engine.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Gpu;

/// <summary>The whole WGAN trainer on ILGPU's emulator: every parameter equal to the CPU run's, and device memory that stops growing.</summary>
public sealed class IlgpuTrainingTests(ITestOutputHelper output)
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

    [Theory]
    [InlineData("toy-mlp", "gp")]
    [InlineData("toy-mlp", "clip")]
    [InlineData("mnist-dcgan", "gp")]
    [InlineData("mnist-dcgan-ln", "gp")]
    public void Training_on_the_emulator_follows_the_cpu_run(string model, string penalty)
    {
        var device = IlgpuBackend.Emulator;
        var config = Config(model, penalty);
        var cpu = new WganTrainer(config, CpuBackend.Instance);
        var onDevice = new WganTrainer(config, device);
        for (var i = 0; i < 3; i++)
        {
            cpu.RunIteration();
            onDevice.RunIteration();
        }
        foreach (var (module, c, d) in new[] { ("critic", cpu.Critic, onDevice.Critic), ("generator", cpu.Generator, onDevice.Generator) })
        {
            var expected = c.NamedParameters().ToList();
            var actual = d.NamedParameters().ToList();
            Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
            for (var p = 0; p < expected.Count; p++)
            {
                Assert.Same(device, actual[p].Value.Data.Backend);
                double[] e = expected[p].Value.ToDoubleArray(), a = actual[p].Value.ToDoubleArray();
                for (var j = 0; j < e.Length; j++)
                    Assert.True(Math.Abs(e[j] - a[j]) <= 1e-9 * (1 + Math.Abs(e[j])),
                        $"{model}/{penalty} {module}.{expected[p].Name}[{j}]: {a[j]} on {device.Name}, {e[j]} on the CPU");
            }
        }
    }

    [Fact]
    public void Device_memory_stops_growing_over_a_training_loop()
    {
        using var device = IlgpuBackend.CreateEmulator();
        var trainer = new WganTrainer(Config("toy-mlp", "gp") with { DType = DType.Float32 }, device);
        var peaks = new List<long>();
        for (var i = 0; i < 600; i++)
        {
            trainer.CriticStep();
            if (i % 100 == 99) peaks.Add(device.MemoryStats.PeakHeldBytes);
        }
        output.WriteLine($"peak device bytes every 100 steps: {string.Join(", ", peaks)}; {device.MemoryStats}");
        Assert.True(peaks[^1] <= peaks[1] * 5 / 4, $"device memory grew from {peaks[1]} at step 200 to {peaks[^1]} at step 600");
    }

    [Fact]
    public void Dropped_buffers_return_to_the_pool()
    {
        using var device = IlgpuBackend.CreateEmulator();
        // 2,000 dropped 1 MiB buffers (2 GiB in all) must reuse a bounded pool.
        for (var i = 0; i < 2_000; i++) _ = device.Allocate(DType.Float32, 1 << 18);
        var memory = device.MemoryStats;
        output.WriteLine($"{memory}; {device.MemoryCollections} collections");
        Assert.True(memory.PeakHeldBytes < 256L << 20, $"peak {memory.PeakHeldBytes} bytes: dropped buffers were not reclaimed");
        Assert.True(device.MemoryCollections > 0 && memory.FinalizerReturns > 0);
        var kept = (IlgpuBuffer)device.Allocate(DType.Float64, 1000);
        kept.Dispose();
        Assert.Throws<BufferReleasedException>(() => device.Fill(new NDArray(kept, [1000], [1]), 1));
    }
}
