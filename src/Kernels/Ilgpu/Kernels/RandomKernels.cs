using Engine.Tensors;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Counter-based random fills calling <see cref="CounterRng"/> itself, so the integer stream is
/// the CPU's bit for bit (normals may differ in the last bits where a device's log and cos do).
/// One kernel per dtype: the double-to-T rounding does not compile generically.
/// </summary>
internal static class RandomKernels
{
    public static void Float32(Index1D lane, Lanes lanes, ArrayView<float> y, int offset, int normal, double p0, double p1, ulong seed, ulong counter)
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            y[offset + i] = (float)Draw(i, normal, p0, p1, seed, counter);
    }

    public static void Float64(Index1D lane, Lanes lanes, ArrayView<double> y, int offset, int normal, double p0, double p1, ulong seed, ulong counter)
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            y[offset + i] = Draw(i, normal, p0, p1, seed, counter);
    }

    private static double Draw(int i, int normal, double p0, double p1, ulong seed, ulong counter) =>
        normal != 0 ? p0 + p1 * CounterRng.Normal(seed, counter, (ulong)i) : p0 + (p1 - p0) * CounterRng.Uniform(seed, counter + (ulong)i);
}
