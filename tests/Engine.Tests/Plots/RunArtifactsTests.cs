using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Plots;
using Xunit;

namespace Engine.Tests.Plots;

/// <summary>The pictures a training run writes, from a real (tiny) trainer: the digit grid of an image model and the toy samples plot.</summary>
public sealed class RunArtifactsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("run-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_image_model_writes_an_8_by_8_grid_of_its_samples()
    {
        var trainer = new WganTrainer(new TrainConfig { Dataset = "random-images", Model = "mnist-dcgan", Width = 4, Batch = 4, EmaDecay = 0, Seed = 3 }, CpuBackend.Instance);
        string path = Path.Combine(_folder, "samples.png");
        RunArtifacts.WriteSamples(trainer, path, "random images, iteration 0");
        var image = DecodedPng.Read(path);
        var (width, height) = ImageGrid.Size(64, 28, 28, 8, 3);
        image.AssertDrawn(width, height, minColors: 20);
    }

    [Fact]
    public void A_toy_model_writes_the_critic_surface_with_real_and_generated_samples()
    {
        var trainer = new WganTrainer(new TrainConfig { Width = 16, Batch = 32, EmaDecay = 0, Seed = 3 }, CpuBackend.Instance);
        string path = Path.Combine(_folder, "samples.png");
        RunArtifacts.WriteSamples(trainer, path, "8gaussians, iteration 0");
        var image = DecodedPng.Read(path);
        image.AssertDrawn(SamplesPlot.ImageWidth, SamplesPlot.ImageHeight);
        Assert.True(image.Count(DecodedPng.Near(Palette.Orange)) > 100, "real samples missing");
        Assert.True(image.Count(DecodedPng.Near(Palette.Green)) > 100, "generated samples missing");
    }
}
