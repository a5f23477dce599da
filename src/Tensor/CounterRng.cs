namespace Engine.Tensors;

/// <summary>
/// The counter-based random number scheme shared by all backends: a number is a pure function of
/// (seed, counter), so a fill can run in parallel on any device and a seed reproduces the same
/// numbers everywhere. bits = SplitMix64(SplitMix64(seed) + counter); uniform = (bits >> 11) * 2^-53;
/// a normal uses counters 2i and 2i+1 through Box-Muller: sqrt(-2 ln(1 - u1)) * cos(2 pi u2).
/// </summary>
public static class CounterRng
{
    /// <summary>The SplitMix64 finaliser (Steele, Lea and Flood 2014).</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform double on [0, 1) for (seed, counter).</summary>
    public static double Uniform(ulong seed, ulong counter) => (Mix(Mix(seed) + counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal for element <paramref name="index"/> of a fill starting at <paramref name="counter"/>.</summary>
    public static double Normal(ulong seed, ulong counter, ulong index)
    {
        var u1 = Uniform(seed, counter + 2 * index);
        var u2 = Uniform(seed, counter + 2 * index + 1);
        return Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>
/// A seeded source of random tensors: holds the seed and the next counter, and advances the
/// counter by what each fill consumes (named so it is not mistaken for a GAN's generator). Two streams with the same seed produce the same sequence
/// on every backend. Its state (seed, counter) is two integers, so checkpoints can save it.
/// </summary>
public sealed class RandomStream(ulong seed, ulong counter = 0)
{
    /// <summary>The seed.</summary>
    public ulong Seed { get; } = seed;

    /// <summary>The counter the next fill starts at.</summary>
    public ulong Counter { get; private set; } = counter;

    /// <summary>Reserves <paramref name="count"/> counters and returns the first.</summary>
    public ulong Advance(ulong count)
    {
        var start = Counter;
        Counter += count;
        return start;
    }

    /// <summary>
    /// When set (data-parallel training), a fill whose first dimension is <see cref="BatchShare.Count"/>
    /// draws this process's rows of the fill a whole global batch of <see cref="BatchShare.Total"/>
    /// rows would draw, and advances the counter as that fill would: every rank's numbers, and the
    /// counter a checkpoint saves, are then those of a single process, whatever the number of ranks.
    /// </summary>
    public BatchShare? Share { get; set; }

    /// <summary>Fills <paramref name="destination"/> (contiguous) from the distribution and advances the counter.</summary>
    public void Fill(NDArray destination, RandomDistribution distribution, double p0, double p1)
    {
        var n = (ulong)destination.Numel;
        var perElement = distribution == RandomDistribution.Normal ? 2UL : 1UL;
        if (Share is { } share && destination.Rank > 0 && destination.Shape[0] == share.Count && share.Count < share.Total)
        {
            // Row i of the global fill starts at counter start + i * perRow: take rows Offset .. Offset + Count - 1.
            var perRow = perElement * n / (ulong)share.Count;
            var first = Advance(perRow * (ulong)share.Total);
            destination.Backend.FillRandom(destination, distribution, p0, p1, Seed, first + perRow * (ulong)share.Offset);
            return;
        }
        var start = Advance(perElement * n);
        destination.Backend.FillRandom(destination, distribution, p0, p1, Seed, start);
    }
}
