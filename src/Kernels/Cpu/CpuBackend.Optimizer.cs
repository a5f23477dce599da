using System.Numerics;
using System.Runtime.Intrinsics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    protected override void AdamUpdateCore(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step)
    {
        if (param.DType == DType.Float64) AdamUpdate<double>(param, grad, expAvg, expAvgSq, step);
        else AdamUpdate<float>(param, grad, expAvg, expAvgSq, step);
    }

    /// <inheritdoc />
    protected override void RmsPropUpdateCore(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step)
    {
        if (param.DType == DType.Float64) RmsPropUpdate<double>(param, grad, squareAvg, step);
        else RmsPropUpdate<float>(param, grad, squareAvg, step);
    }

    private static void RmsPropUpdate<T>(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = param.Numel;
        T[] p = DataOf<T>(param), g = DataOf<T>(grad), v = DataOf<T>(squareAvg);
        int po = param.Offset, go = grad.Offset, vo = squareAvg.Offset;
        const int chunk = 16384;
        if (n < 4 * chunk || CpuThreads.Count == 1)
        {
            RmsPropRange(p.AsSpan(po, n), g.AsSpan(go, n), v.AsSpan(vo, n), s);
            return;
        }
        Parallel.For(0, (n + chunk - 1) / chunk, CpuThreads.Options, c =>
        {
            int start = c * chunk, len = Math.Min(chunk, n - start);
            RmsPropRange(p.AsSpan(po + start, len), g.AsSpan(go + start, len), v.AsSpan(vo + start, len), s);
        });
    }

    // Rounding as the tensor-op update: v = (alpha v) + ((1 - alpha) (g g)); p - ((lr g) / (sqrt(v) + eps)).
    private static void RmsPropRange<T>(Span<T> p, Span<T> g, Span<T> v, RmsPropStep s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(s.Alpha), c = T.CreateTruncating(1 - s.Alpha);
        T lr = T.CreateTruncating(s.LearningRate), eps = T.CreateTruncating(s.Eps);
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = Vector512<T>.Count;
            for (; i + w <= p.Length; i += w)
            {
                var gi = Vector512.Create<T>(g.Slice(i, w));
                var vi = alpha * Vector512.Create<T>(v.Slice(i, w)) + c * (gi * gi);
                var pi = Vector512.Create<T>(p.Slice(i, w)) - lr * gi / (Vector512.Sqrt(vi) + Vector512.Create(eps));
                vi.CopyTo(v.Slice(i, w));
                pi.CopyTo(p.Slice(i, w));
            }
        }
        for (; i < p.Length; i++)
        {
            var vi = alpha * v[i] + c * (g[i] * g[i]);
            v[i] = vi;
            p[i] -= lr * g[i] / (T.Sqrt(vi) + eps);
        }
    }

    private static void AdamUpdate<T>(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = param.Numel;
        T[] p = DataOf<T>(param), g = DataOf<T>(grad), m = DataOf<T>(expAvg), v = DataOf<T>(expAvgSq);
        int po = param.Offset, go = grad.Offset, mo = expAvg.Offset, vo = expAvgSq.Offset;
        const int chunk = 16384;
        if (n < 4 * chunk || CpuThreads.Count == 1)
        {
            AdamRange(p.AsSpan(po, n), g.AsSpan(go, n), m.AsSpan(mo, n), v.AsSpan(vo, n), s);
            return;
        }
        Parallel.For(0, (n + chunk - 1) / chunk, CpuThreads.Options, c =>
        {
            int start = c * chunk, len = Math.Min(chunk, n - start);
            AdamRange(p.AsSpan(po + start, len), g.AsSpan(go + start, len), m.AsSpan(mo + start, len), v.AsSpan(vo + start, len), s);
        });
    }

    // Each element is independent, so any split gives the same result as one thread.
    private static void AdamRange<T>(Span<T> p, Span<T> g, Span<T> m, Span<T> v, AdamStep s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b1 = T.CreateTruncating(s.Beta1), b2 = T.CreateTruncating(s.Beta2);
        // 1 - beta in double, then rounded, as PyTorch computes its coefficients
        T c1 = T.CreateTruncating(1 - s.Beta1), c2 = T.CreateTruncating(1 - s.Beta2);
        T stepSize = T.CreateTruncating(s.LearningRate / s.BiasCorrection1);
        T invBc2 = T.CreateTruncating(1 / s.BiasCorrection2), eps = T.CreateTruncating(s.Eps);
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            var w = Vector512<T>.Count;
            for (; i + w <= p.Length; i += w)
            {
                var gi = Vector512.Create<T>(g.Slice(i, w));
                var mi = b1 * Vector512.Create<T>(m.Slice(i, w)) + c1 * gi;
                var vi = b2 * Vector512.Create<T>(v.Slice(i, w)) + c2 * (gi * gi);
                var pi = Vector512.Create<T>(p.Slice(i, w)) - stepSize * mi / (Vector512.Sqrt(vi * invBc2) + Vector512.Create(eps));
                mi.CopyTo(m.Slice(i, w));
                vi.CopyTo(v.Slice(i, w));
                pi.CopyTo(p.Slice(i, w));
            }
        }
        for (; i < p.Length; i++)
        {
            var mi = b1 * m[i] + c1 * g[i];
            var vi = b2 * v[i] + c2 * (g[i] * g[i]);
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / (T.Sqrt(vi * invBc2) + eps);
        }
    }
}
