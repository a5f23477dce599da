using Engine.Tensors;

namespace Engine.Gan.Data;

/// <summary>
/// Scalar draws on the host from a counter-based <see cref="RandomStream"/>, so data sampling is
/// reproducible and its whole state is the generator's (seed, counter), which checkpoints save.
/// </summary>
public static class HostRandom
{
    /// <summary>Uniform on [0, 1).</summary>
    public static double Uniform(this RandomStream rng) => CounterRng.Uniform(rng.Seed, rng.Advance(1));

    /// <summary>Standard normal (Box-Muller on two counters).</summary>
    public static double Normal(this RandomStream rng) => CounterRng.Normal(rng.Seed, rng.Advance(2), 0);

    /// <summary>Uniform integer on [0, n).</summary>
    public static int Index(this RandomStream rng, int n) => Math.Min(n - 1, (int)(rng.Uniform() * n));

    /// <summary>Shuffles rows of a row-major [n, width] array in place (Fisher-Yates).</summary>
    public static void ShuffleRows(this RandomStream rng, double[] data, int width)
    {
        var n = data.Length / width;
        var tmp = new double[width];
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.Index(i + 1);
            data.AsSpan(i * width, width).CopyTo(tmp);
            data.AsSpan(j * width, width).CopyTo(data.AsSpan(i * width, width));
            tmp.CopyTo(data.AsSpan(j * width, width));
        }
    }
}
