using Engine.Autodiff;
using Engine.Gan.Data.Mnist;
using Engine.Tensors;

namespace Engine.Gan.Data;

/// <summary>
/// Real MNIST batches [n, 1, 28, 28] in [0, 1]: the images in an order shuffled from the seed, served
/// in consecutive batches and reshuffled each epoch. Its state (epoch, position) is checkpointed.
/// </summary>
public sealed class MnistSource : IDataSource
{
    private readonly MnistImages _images;
    private readonly ulong _seed;
    private int[] _order = [];
    private long _epoch = -1, _position;

    /// <summary>Serves <paramref name="images"/> in an order drawn from <paramref name="seed"/>.</summary>
    public MnistSource(MnistImages images, ulong seed)
    {
        _images = images;
        _seed = seed;
        Shuffle(0);
    }

    /// <inheritdoc />
    public string Name => "mnist";

    /// <summary>The images served (with their labels).</summary>
    public MnistImages Images => _images;

    /// <inheritdoc />
    public int[] SampleShape => [1, _images.Height, _images.Width];

    /// <inheritdoc />
    public Tensor NextBatch(int n, DType dtype, IBackend backend)
    {
        if (n > _images.Count) throw new ArgumentOutOfRangeException(nameof(n), n, $"mnist: batch {n} is larger than the {_images.Count} images");
        var size = _images.Height * _images.Width;
        var batch = new double[n * size];
        for (var i = 0; i < n; i++)
        {
            if (_position == _images.Count) { Shuffle(_epoch + 1); _position = 0; }
            var src = _order[_position++] * size;
            for (var k = 0; k < size; k++) batch[i * size + k] = _images.Pixels[src + k];
        }
        Array data = dtype == DType.Float64 ? batch : batch.Select(v => (float)v).ToArray();
        return Tensor.FromArray(data, [n, .. SampleShape], backend: backend);
    }

    /// <inheritdoc />
    public IDataSource WithSeed(ulong seed) => new MnistSource(_images, seed);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> SaveState() => new Dictionary<string, long> { ["epoch"] = _epoch, ["position"] = _position };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, long> state)
    {
        if (!state.TryGetValue("epoch", out var epoch) || !state.TryGetValue("position", out var position) || position < 0 || position > _images.Count)
            throw new InvalidDataException("mnist: checkpoint lacks a valid epoch and position");
        Shuffle(epoch);
        _position = position;
    }

    private void Shuffle(long epoch)
    {
        _epoch = epoch;
        var rng = new RandomStream(CounterRng.Mix(_seed ^ (ulong)epoch));
        _order = Enumerable.Range(0, _images.Count).ToArray();
        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = rng.Index(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}
