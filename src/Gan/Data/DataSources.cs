namespace Engine.Gan.Data;

/// <summary>Builds a data source from its CLI name.</summary>
public static class DataSources
{
    /// <summary>The toy data sets.</summary>
    public static readonly string[] ToyNames = ["8gaussians", "25gaussians", "swissroll"];

    /// <summary>The source called <paramref name="name"/>, seeded by <paramref name="seed"/>.</summary>
    public static IDataSource Create(string name, ulong seed) => name switch
    {
        "8gaussians" => new EightGaussians(seed),
        "25gaussians" => new TwentyFiveGaussians(seed),
        "swissroll" => new SwissRoll(seed),
        _ => throw new ArgumentException($"unknown dataset '{name}'; expected one of: {string.Join(", ", ToyNames)}"),
    };
}
