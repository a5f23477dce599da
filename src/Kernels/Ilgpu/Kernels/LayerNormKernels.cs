using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>Sizes, flags and offsets of one layer-norm call over [Rows, D] (every operand contiguous).</summary>
internal readonly record struct LayerNormShape(int Rows, int D, int HasW, int HasB, int XOffset, int WOffset, int BOffset,
    int YOffset, int MeanOffset, int RstdOffset, int GyOffset, int GxOffset);

/// <summary>
/// Layer norm over the last dimension with the CPU row kernel's maths (LayerNormRow): a corrected
/// two-pass mean and biased variance, and the fused backward gx = rstd * (g - mean(g) - xhat * mean(g * xhat)).
/// One thread per row (rows are few hundred elements in the models here); gw and gb one thread per feature.
/// </summary>
internal static class LayerNormKernels
{
    public static void Forward<T>(Index1D lane, Lanes lanes, ArrayView<T> x, ArrayView<T> w, ArrayView<T> b, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> rstd,
        LayerNormShape s, T d, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = lane.X; r < lanes.Count; r += lanes.Threads)
        {
            var row = s.XOffset + r * s.D;
            var m0 = T.Zero;
            for (var j = 0; j < s.D; j++) m0 += x[row + j];
            m0 /= d;
            T s1 = T.Zero, s2 = T.Zero;
            for (var j = 0; j < s.D; j++)
            {
                var u = x[row + j] - m0;
                s1 += u;
                s2 += u * u;
            }
            var shift = s1 / d;
            var variance = T.Max(s2 / d - shift * shift, T.Zero);
            var mu = m0 + shift;
            var rs = T.One / T.Sqrt(variance + eps);
            mean[s.MeanOffset + r] = mu;
            rstd[s.RstdOffset + r] = rs;
            for (var j = 0; j < s.D; j++)
            {
                var v = (x[row + j] - mu) * rs;
                if (s.HasW != 0) v *= w[s.WOffset + j];
                if (s.HasB != 0) v += b[s.BOffset + j];
                y[s.YOffset + r * s.D + j] = v;
            }
        }
    }

    public static void BackwardInput<T>(Index1D lane, Lanes lanes, ArrayView<T> gy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd, ArrayView<T> w, ArrayView<T> gx,
        LayerNormShape s, T d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = lane.X; r < lanes.Count; r += lanes.Threads)
        {
            int xRow = s.XOffset + r * s.D, gRow = s.GyOffset + r * s.D;
            T mu = mean[s.MeanOffset + r], rs = rstd[s.RstdOffset + r];
            T sg = T.Zero, sgc = T.Zero;
            for (var j = 0; j < s.D; j++)
            {
                var g = gy[gRow + j];
                if (s.HasW != 0) g *= w[s.WOffset + j];
                sg += g;
                sgc += g * (x[xRow + j] - mu);
            }
            var meanG = sg / d;
            var c = sgc * rs * rs / d;
            for (var j = 0; j < s.D; j++)
            {
                var g = gy[gRow + j];
                if (s.HasW != 0) g *= w[s.WOffset + j];
                gx[s.GxOffset + r * s.D + j] = rs * (g - meanG - (x[xRow + j] - mu) * c);
            }
        }
    }

    // gw[j] = sum_r gy[r, j] * xhat[r, j]; gb[j] = sum_r gy[r, j] (HasW / HasB say which are wanted; offsets in WOffset / BOffset)
    public static void BackwardAffine<T>(Index1D lane, Lanes lanes, ArrayView<T> gy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd, ArrayView<T> gw, ArrayView<T> gb,
        LayerNormShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var j = lane.X; j < lanes.Count; j += lanes.Threads)
        {
            T sw = T.Zero, sb = T.Zero;
            for (var r = 0; r < s.Rows; r++)
            {
                var g = gy[s.GyOffset + r * s.D + j];
                sw += g * ((x[s.XOffset + r * s.D + j] - mean[s.MeanOffset + r]) * rstd[s.RstdOffset + r]);
                sb += g;
            }
            if (s.HasW != 0) gw[s.WOffset + j] = sw;
            if (s.HasB != 0) gb[s.BOffset + j] = sb;
        }
    }
}
