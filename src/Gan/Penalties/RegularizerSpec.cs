namespace Engine.Gan.Penalties;

/// <summary>
/// One entry of <see cref="Regularizers"/>: how to build a regulariser and its official settings.
/// Every place that names a penalty (the trainer, bench, the benchmark suites, the CLI's help and
/// errors) reads this record; the name itself is the one its class reports.
/// </summary>
/// <param name="Name">The CLI name (<c>--penalty</c>), as the regulariser's <see cref="CriticRegularizer.Name"/> says.</param>
/// <param name="Description">One line for help texts.</param>
/// <param name="Create">Builds the regulariser with a given weight.</param>
/// <param name="DefaultWeight">Its own default weight, or null for the model's gradient-penalty weight (toy 0.1, MNIST 10).</param>
/// <param name="NeedsDoubleBackward">True when its term is a function of an input gradient, so training it takes a gradient of a gradient.</param>
/// <param name="DefaultOptimizer">The optimizer its paper trains with.</param>
/// <param name="DefaultLearningRate">The learning rate its paper trains with.</param>
public sealed record RegularizerSpec(
    string Name,
    string Description,
    Func<double, CriticRegularizer> Create,
    double? DefaultWeight,
    bool NeedsDoubleBackward,
    string DefaultOptimizer,
    double DefaultLearningRate)
{
    /// <summary>An entry whose name is read off the regulariser <paramref name="create"/> builds.</summary>
    public static RegularizerSpec Of(Func<double, CriticRegularizer> create, string description, bool needsDoubleBackward,
        double? defaultWeight = null, string defaultOptimizer = "adam", double defaultLearningRate = 1e-4) =>
        new(create(1).Name, description, create, defaultWeight, needsDoubleBackward, defaultOptimizer, defaultLearningRate);
}
