using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Gan.Data;

/// <summary>
/// Uniform noise images [1, 28, 28] in [0, 1): a stand-in for MNIST with the same shapes, so the
/// image models can be timed and tested without a data set. Not something to learn from.
/// </summary>
public sealed class RandomImages(ulong seed) : IDataSource
{
    private readonly RandomStream _rng = new(seed);

    /// <inheritdoc />
    public string Name => "random-images";

    /// <inheritdoc />
    public int[] SampleShape => [1, 28, 28];

    /// <inheritdoc />
    public Tensor NextBatch(int n, DType dtype, IBackend backend) => Tensor.Uniform(_rng, [n, .. SampleShape], dtype: dtype, backend: backend);

    /// <inheritdoc />
    public IDataSource WithSeed(ulong seed) => new RandomImages(seed);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> SaveState() => new Dictionary<string, long> { ["counter"] = (long)_rng.Counter };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, long> state) => ToyBatch.RestoreCounter(_rng, state, Name);
}
