using Engine.Nn;

namespace Engine.Gan.Models;

/// <summary>What kind of samples a model's critic reads.</summary>
public enum SampleKind
{
    /// <summary>Points in the plane ([B, 2]): the toy mixtures.</summary>
    Points2D,

    /// <summary>Single-channel 28 x 28 images ([B, 1, 28, 28]): MNIST and its noise stand-in.</summary>
    Images,
}

/// <summary>
/// One entry of <see cref="ModelRegistry"/>: a pair of networks with their official settings. Every
/// place that names a model (the trainer, probe, bench, the benchmark suites, the CLI's help and
/// errors) reads this record instead of spelling the name.
/// </summary>
/// <param name="Name">The CLI name (<c>--model</c>).</param>
/// <param name="Description">One line for help texts.</param>
/// <param name="Critic">Builds the critic D.</param>
/// <param name="Generator">Builds the generator G.</param>
/// <param name="NoiseDim">Dimension of G's input noise.</param>
/// <param name="Samples">The sample kind D reads (decides which data sets fit).</param>
/// <param name="DefaultBatch">The official batch size.</param>
/// <param name="DefaultWidth">The official hidden width (toy 512; the DCGAN's DIM 64).</param>
/// <param name="DefaultPenaltyWeight">The official weight of a gradient penalty for this model (toy 0.1, MNIST 10).</param>
/// <param name="WidthParameter">The state_dict entry whose first dimension is the width (read by probe off a weights file).</param>
/// <param name="BenchDataset">The data set the benchmarks feed it (generated in memory, no download).</param>
public sealed record ModelSpec(
    string Name,
    string Description,
    Func<ModelOptions, Module> Critic,
    Func<ModelOptions, Module> Generator,
    int NoiseDim,
    SampleKind Samples,
    int DefaultBatch,
    int DefaultWidth,
    double DefaultPenaltyWeight,
    string WidthParameter,
    string BenchDataset);
