using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Gan.Data;

/// <summary>
/// The official WGAN-GP toy data (gan_toy.py). 8gaussians: centres (+-1, 0), (0, +-1),
/// (+-1/sqrt2, +-1/sqrt2) times 2 plus N(0, 0.02^2), all divided by 1.414; a fresh batch each draw.
/// </summary>
public sealed class EightGaussians(ulong seed) : IModalDataSource
{
    private const double Scale = 2.0, Std = 0.02, Divisor = 1.414;
    private readonly RandomStream _rng = new(seed);
    private static readonly double[] Unit = MakeCenters();

    /// <inheritdoc />
    public string Name => "8gaussians";

    /// <inheritdoc />
    public int[] SampleShape => [2];

    /// <inheritdoc />
    public double[] ModeCenters => Unit.Select(c => c * Scale / Divisor).ToArray();

    /// <inheritdoc />
    public double ModeStd => Std / Divisor;

    /// <inheritdoc />
    public Tensor NextBatch(int n, DType dtype, IBackend backend)
    {
        var data = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var c = _rng.Index(8);
            data[2 * i] = (Unit[2 * c] * Scale + Std * _rng.Normal()) / Divisor;
            data[2 * i + 1] = (Unit[2 * c + 1] * Scale + Std * _rng.Normal()) / Divisor;
        }
        return ToyBatch.ToTensor(data, n, dtype, backend);
    }

    /// <inheritdoc />
    public IDataSource WithSeed(ulong seed) => new EightGaussians(seed);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> SaveState() => new Dictionary<string, long> { ["counter"] = (long)_rng.Counter };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, long> state) => ToyBatch.RestoreCounter(_rng, state, Name);

    private static double[] MakeCenters()
    {
        var r = 1 / Math.Sqrt(2);
        return [1, 0, -1, 0, 0, 1, 0, -1, r, r, r, -r, -r, r, -r, -r];
    }
}

/// <summary>
/// 25gaussians: centres 2 (i, j) for i, j in -2..2 plus N(0, 0.05^2), a fixed set of 100,000 points
/// (4,000 per mode) shuffled once and divided by 2.828, served in consecutive batches and cycled,
/// as the official code does.
/// </summary>
public sealed class TwentyFiveGaussians : IModalDataSource
{
    private const double Std = 0.05, Divisor = 2.828;
    private const int PerMode = 4000;
    private readonly double[] _points;
    private readonly int _perMode;
    private long _cursor;

    /// <summary>Builds and shuffles the fixed set from <paramref name="seed"/>.</summary>
    public TwentyFiveGaussians(ulong seed, int perMode = PerMode)
    {
        var rng = new RandomStream(seed);
        _perMode = perMode;
        _points = new double[2 * 25 * perMode];
        var k = 0;
        for (var rep = 0; rep < perMode; rep++)
            for (var x = -2; x <= 2; x++)
                for (var y = -2; y <= 2; y++)
                {
                    _points[k++] = 2 * x + Std * rng.Normal();
                    _points[k++] = 2 * y + Std * rng.Normal();
                }
        rng.ShuffleRows(_points, 2);
        for (var i = 0; i < _points.Length; i++) _points[i] /= Divisor;
    }

    /// <inheritdoc />
    public string Name => "25gaussians";

    /// <inheritdoc />
    public int[] SampleShape => [2];

    /// <inheritdoc />
    public double[] ModeCenters
    {
        get
        {
            var c = new List<double>();
            for (var x = -2; x <= 2; x++)
                for (var y = -2; y <= 2; y++) { c.Add(2 * x / Divisor); c.Add(2 * y / Divisor); }
            return [.. c];
        }
    }

    /// <inheritdoc />
    public double ModeStd => Std / Divisor;

    /// <inheritdoc />
    public Tensor NextBatch(int n, DType dtype, IBackend backend)
    {
        var count = _points.Length / 2;
        if (n > count) throw new ArgumentOutOfRangeException(nameof(n), n, $"25gaussians: batch {n} is larger than the data set ({count})");
        // Official: for i in range(len // B): yield dataset[i B : (i + 1) B], forever (the tail is dropped).
        var batches = count / n;
        var start = (int)(_cursor % batches) * n;
        _cursor++;
        var data = _points.AsSpan(2 * start, 2 * n).ToArray();
        return ToyBatch.ToTensor(data, n, dtype, backend);
    }

    /// <inheritdoc />
    public IDataSource WithSeed(ulong seed) => new TwentyFiveGaussians(seed, _perMode);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> SaveState() => new Dictionary<string, long> { ["cursor"] = _cursor };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, long> state) =>
        _cursor = state.TryGetValue("cursor", out var c) ? c : throw new InvalidDataException("25gaussians: checkpoint lacks the data cursor");
}

/// <summary>
/// swissroll: sklearn's make_swiss_roll(noise=0.25) columns [0, 2] divided by 7.5:
/// t = 1.5 pi (1 + 2 U), x = t cos t + 0.25 N, z = t sin t + 0.25 N; a fresh batch each draw.
/// </summary>
public sealed class SwissRoll(ulong seed) : IDataSource
{
    private const double Noise = 0.25, Divisor = 7.5;
    private readonly RandomStream _rng = new(seed);

    /// <inheritdoc />
    public string Name => "swissroll";

    /// <inheritdoc />
    public int[] SampleShape => [2];

    /// <inheritdoc />
    public Tensor NextBatch(int n, DType dtype, IBackend backend)
    {
        var data = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var t = 1.5 * Math.PI * (1 + 2 * _rng.Uniform());
            data[2 * i] = (t * Math.Cos(t) + Noise * _rng.Normal()) / Divisor;
            data[2 * i + 1] = (t * Math.Sin(t) + Noise * _rng.Normal()) / Divisor;
        }
        return ToyBatch.ToTensor(data, n, dtype, backend);
    }

    /// <inheritdoc />
    public IDataSource WithSeed(ulong seed) => new SwissRoll(seed);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, long> SaveState() => new Dictionary<string, long> { ["counter"] = (long)_rng.Counter };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, long> state) => ToyBatch.RestoreCounter(_rng, state, Name);
}

/// <summary>Shared plumbing of the toy sources.</summary>
internal static class ToyBatch
{
    public static Tensor ToTensor(double[] data, int n, DType dtype, IBackend backend) =>
        Tensor.FromArray(dtype == DType.Float64 ? data : data.Select(v => (float)v).ToArray(), [n, 2], backend: backend);

    public static void RestoreCounter(RandomStream rng, IReadOnlyDictionary<string, long> state, string name)
    {
        if (!state.TryGetValue("counter", out var c) || c < 0)
            throw new InvalidDataException($"{name}: checkpoint lacks a valid data generator counter");
        var delta = (ulong)c - rng.Counter;
        rng.Advance(delta); // counters only move forward in a fresh source; wrap-around arithmetic handles both ways
    }
}
