using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Gan.Penalties;

/// <summary>
/// The semantics-preserving transform T of consistency regularisation. Images [B, C, H, W]: each
/// sample shifted by a random whole number of pixels in [-MaxShift, MaxShift] along each axis, the
/// uncovered border filled with zeros (the background of MNIST digits; no flips, which would turn
/// digits into other shapes). Anything else (the 2-D sets' [B, 2] points): Gaussian jitter
/// N(0, JitterStd^2) per coordinate. Draws come from the caller's counter-based stream, so a run
/// stays bitwise reproducible and resumable.
/// </summary>
public sealed record ConsistencyTransform
{
    /// <summary>Largest shift in pixels (Zhang et al. 2020 shift CIFAR's 32 px by up to 4; MNIST's 28 px by up to 2 here).</summary>
    public int MaxShift { get; init; } = 2;

    /// <summary>
    /// Standard deviation of the jitter for non-image data: 0.02, about the std of one 8gaussians
    /// mode (0.02 / 1.414), so the critic is asked to be flat within a mode, not across the 0.77 between modes.
    /// </summary>
    public double JitterStd { get; init; } = 0.02;

    /// <summary>T(x) for a detached batch (no graph): shifted images or jittered points, same shape, dtype and backend.</summary>
    public Tensor Apply(Tensor x, RandomStream rng)
    {
        using var _ = GradMode.NoGrad();
        var data = x.Detach();
        return data.Rank == 4 ? Shift(data, rng) : data + Tensor.Normal(rng, data.Shape, 0, JitterStd, data.DType, backend: data.Backend);
    }

    private Tensor Shift(Tensor x, RandomStream rng)
    {
        int b = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        // Two uniform draws per sample give its (dy, dx) in [-MaxShift, MaxShift].
        var u = Tensor.Uniform(rng, [b, 2], dtype: DType.Float64, backend: x.Backend).ToDoubleArray();
        var src = x.ToDoubleArray();
        var dst = new double[src.Length];
        var span = 2 * MaxShift + 1;
        for (var n = 0; n < b; n++)
        {
            var dy = Math.Min((int)(u[2 * n] * span), span - 1) - MaxShift;
            var dx = Math.Min((int)(u[2 * n + 1] * span), span - 1) - MaxShift;
            for (var ch = 0; ch < c; ch++)
            {
                var plane = (n * c + ch) * h * w;
                for (var i = 0; i < h; i++)
                {
                    var si = i - dy;
                    if (si < 0 || si >= h) continue;
                    for (var j = 0; j < w; j++)
                    {
                        var sj = j - dx;
                        if (sj >= 0 && sj < w) dst[plane + i * w + j] = src[plane + si * w + sj];
                    }
                }
            }
        }
        Array values = x.DType == DType.Float32 ? dst.Select(v => (float)v).ToArray() : dst;
        return Tensor.FromArray(values, x.Shape, backend: x.Backend);
    }
}
