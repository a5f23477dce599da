namespace Engine.Gan.Models;

/// <summary>The models the trainer, probe, bench and CLI know, by name; the one place a model name is spelled.</summary>
public static class ModelRegistry
{
    /// <summary>The official WGAN-GP toy networks (gan_toy.py).</summary>
    public static readonly ModelSpec ToyMlp = new(
        "toy-mlp", "Linear(2->W)-ReLU x3 then Linear(W->1|2), the official toy networks (W = 512)",
        o => Models.ToyMlp.Critic(o), o => Models.ToyMlp.Generator(o), Models.ToyMlp.DataDim,
        SampleKind.Points2D, DefaultBatch: 256, DefaultWidth: 512, DefaultPenaltyWeight: 0.1,
        WidthParameter: "l1.weight", BenchDataset: "8gaussians");

    /// <summary>The official WGAN-GP MNIST networks (DIM 64).</summary>
    public static readonly ModelSpec MnistDcgan = new(
        "mnist-dcgan", "the official MNIST DCGAN: conv 1->64->128->256 + LeakyReLU critic, deconv generator",
        o => Models.MnistDcgan.Critic(o), o => Models.MnistDcgan.Generator(o), Models.MnistDcgan.NoiseDim,
        SampleKind.Images, DefaultBatch: 50, DefaultWidth: 64, DefaultPenaltyWeight: 10,
        WidthParameter: "conv1.weight", BenchDataset: "random-images");

    /// <summary>The MNIST networks with layer norm after each critic conv (batch norm is invalid with a gradient penalty).</summary>
    public static readonly ModelSpec MnistDcganLayerNorm = MnistDcgan with
    {
        Name = "mnist-dcgan-ln",
        Description = "mnist-dcgan with layer norm after each critic conv",
        Critic = o => Models.MnistDcgan.Critic(o, layerNorm: true),
    };

    /// <summary>Every model, the default first.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [ToyMlp, MnistDcgan, MnistDcganLayerNorm];

    /// <summary>Every model's name, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The names for help texts and error messages: "a, b or c".</summary>
    public static string NamesText => NameList.Or(Names);

    /// <summary>True when <paramref name="name"/> is a known model.</summary>
    public static bool Contains(string name) => All.Any(m => m.Name == name);

    /// <summary>The model called <paramref name="name"/>; an unknown name throws an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static ModelSpec Get(string name) =>
        All.FirstOrDefault(m => m.Name == name) ?? throw new ArgumentException($"unknown model '{name}'; expected {NamesText}");
}
