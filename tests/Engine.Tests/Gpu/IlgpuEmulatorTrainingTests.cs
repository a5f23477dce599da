using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Kernels.Ilgpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gpu;

/// <summary>
/// The whole WGAN-GP trainer on ILGPU's CPU emulator (its kernels as a GPU would run them, one
/// thread per GPU thread): after four iterations (20 critic steps, 3 generator steps) every
/// parameter equals the CPU run's to 1e-9 in float64. Small widths, so the four models take seconds.
/// </summary>
public sealed class IlgpuEmulatorTrainingTests
{
    private static TrainConfig Config(string model, string penalty) => new()
    {
        Dataset = model == "toy-mlp" ? "8gaussians" : "random-images",
        Model = model,
        Penalty = penalty,
        Width = model == "toy-mlp" ? 8 : 4,
        Batch = model == "toy-mlp" ? 16 : 2,
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
        var onCpu = new WganTrainer(config, CpuBackend.Instance);
        var onDevice = new WganTrainer(config, device);
        for (var i = 0; i < 4; i++)
        {
            onCpu.RunIteration();
            onDevice.RunIteration();
        }
        foreach (var (module, c, d) in new[] { ("critic", onCpu.Critic, onDevice.Critic), ("generator", onCpu.Generator, onDevice.Generator) })
        {
            var expected = c.NamedParameters().ToList();
            var actual = d.NamedParameters().ToList();
            Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
            for (var p = 0; p < expected.Count; p++)
            {
                Assert.Same(device, actual[p].Value.Data.Backend);
                double[] e = expected[p].Value.ToDoubleArray(), a = actual[p].Value.ToDoubleArray();
                // The parameters must have moved, or equality would prove nothing about the steps.
                if (p == 0) Assert.NotEqual(0, e.Sum(Math.Abs));
                for (var j = 0; j < e.Length; j++)
                    Assert.True(Math.Abs(e[j] - a[j]) <= 1e-9 * (1 + Math.Abs(e[j])),
                        $"{model}/{penalty} {module}.{expected[p].Name}[{j}]: {a[j]} on the emulator, {e[j]} on the CPU");
            }
        }
    }
}
