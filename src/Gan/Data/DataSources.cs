namespace Engine.Gan.Data;

/// <summary>Builds a data source from its CLI name.</summary>
public static class DataSources
{
    /// <summary>The 2-D toy data sets (for toy-mlp).</summary>
    public static readonly string[] ToyNames = ["8gaussians", "25gaussians", "swissroll"];

    /// <summary>Image data sets of [1, 28, 28] samples (for the MNIST models).</summary>
    public static readonly string[] ImageNames = ["mnist", "random-images"];

    /// <summary>Every data set name.</summary>
    public static string[] Names => [.. ToyNames, .. ImageNames];

    /// <summary>The source called <paramref name="name"/>, seeded by <paramref name="seed"/>; MNIST is read from <paramref name="dataDirectory"/>.</summary>
    public static IDataSource Create(string name, ulong seed, string? dataDirectory = null) => name switch
    {
        "mnist" => new MnistSource(Mnist.MnistFiles.Load(dataDirectory ?? Mnist.MnistFiles.DefaultDirectory), seed),
        "8gaussians" => new EightGaussians(seed),
        "25gaussians" => new TwentyFiveGaussians(seed),
        "swissroll" => new SwissRoll(seed),
        "random-images" => new RandomImages(seed),
        _ => throw new ArgumentException($"unknown dataset '{name}'; expected one of: {string.Join(", ", Names)}"),
    };
}
