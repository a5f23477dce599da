// RNG fill family: the counter-based generator of CounterRng (SplitMix64 of seed and counter),
// computed in double as on the host so that every backend draws the same numbers.
INLINE U64 rng_mix(U64 z)
{
    z += (U64)0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * (U64)0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * (U64)0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

INLINE double rng_uniform(U64 seed, U64 counter) { return (double)(rng_mix(rng_mix(seed) + counter) >> 11) * (1.0 / 9007199254740992.0); }

// Element i: uniform from counter + i; normal (Box-Muller, cosine branch) from counter + 2i and + 2i + 1.
KERNEL void fill_random(GLOBAL T* y, int offset, int n, int normal, double p0, double p1, U64 seed, U64 counter)
{
    int i = GID(0);
    if (i >= n) return;
    double v;
    if (normal)
    {
        double u1 = rng_uniform(seed, counter + 2 * (U64)i), u2 = rng_uniform(seed, counter + 2 * (U64)i + 1);
        v = p0 + p1 * (sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * 3.141592653589793 * u2));
    }
    else v = p0 + (p1 - p0) * rng_uniform(seed, counter + (U64)i);
    y[offset + i] = (T)v;
}
