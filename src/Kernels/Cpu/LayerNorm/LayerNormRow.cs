using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Layer norm of one contiguous row of length d: the per-row work of
/// <see cref="Backend.LayerNormForward"/> and <see cref="Backend.LayerNormBackward"/>.
/// Vector512 loops with a scalar tail; without AVX-512 the tail loop does all the work.
/// A row of the sizes we meet (d up to a few thousand) stays in L1/L2 between passes, so the
/// extra passes cost compute, not memory traffic.
/// </summary>
internal static class LayerNormRow
{
    /// <summary>
    /// y = (x - mean) * rstd * w + b (w, b empty: no scale, no shift); returns the row's mean and
    /// rstd = 1 / sqrt(biased var + eps).
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, double eps, Span<T> y, out T mean, out T rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = x.Length;
        // Corrected two-pass: centre on a first estimate m0, then Σ(x - m0) both refines the mean and
        // removes its error from the variance, so float32 stays accurate when |mean| >> std.
        var m0 = TensorPrimitives.Sum(x) / T.CreateTruncating(d);
        var (s1, s2) = CenteredSums(x, m0);
        var shift = s1 / d;
        var variance = Math.Max(s2 / d - shift * shift, 0.0);
        mean = T.CreateTruncating(double.CreateTruncating(m0) + shift);
        rstd = T.CreateTruncating(1.0 / Math.Sqrt(variance + eps));
        Normalize(x, w, b, mean, rstd, y);
    }

    /// <summary>
    /// gx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = gy * w (gy when w is empty) and
    /// xhat = (x - mean) * rstd; adds gy * xhat to <paramref name="gwSum"/> and gy to
    /// <paramref name="gbSum"/> when they are not empty.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> gy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, T mean, T rstd, Span<T> gx, Span<T> gwSum, Span<T> gbSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = T.CreateTruncating(x.Length);
        var (sg, sgc) = GradSums(gy, x, w, mean);
        var meanG = sg / d;
        // mean(g * xhat) * rstd, folded so the second pass multiplies (x - mean) once.
        var c = sgc * rstd * rstd / d;
        GradInputAndAffine(gy, x, w, mean, rstd, meanG, c, gx, gwSum, gbSum);
    }

    /// <summary>(Σ(x - c), Σ(x - c)^2), accumulated in T across vector lanes, returned as double.</summary>
    private static (double S1, double S2) CenteredSums<T>(ReadOnlySpan<T> x, T c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var px = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        T s1 = T.Zero, s2 = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var k = Vector512<T>.Count;
            var vc = Vector512.Create(c);
            // Two accumulator pairs hide the add latency.
            Vector512<T> a1 = default, a2 = default, b1 = default, b2 = default;
            for (; i <= n - 2 * k; i += 2 * k)
            {
                var u = Vector512.LoadUnsafe(ref px, (nuint)i) - vc;
                var v = Vector512.LoadUnsafe(ref px, (nuint)(i + k)) - vc;
                a1 += u; a2 += u * u;
                b1 += v; b2 += v * v;
            }
            for (; i <= n - k; i += k)
            {
                var u = Vector512.LoadUnsafe(ref px, (nuint)i) - vc;
                a1 += u; a2 += u * u;
            }
            s1 = Vector512.Sum(a1 + b1);
            s2 = Vector512.Sum(a2 + b2);
        }
        for (; i < n; i++)
        {
            var u = Unsafe.Add(ref px, i) - c;
            s1 += u; s2 += u * u;
        }
        return (double.CreateTruncating(s1), double.CreateTruncating(s2));
    }

    private static void Normalize<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> b, T mean, T rstd, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var py = ref MemoryMarshal.GetReference(y);
        bool hasW = !w.IsEmpty, hasB = !b.IsEmpty;
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var k = Vector512<T>.Count;
            var vm = Vector512.Create(mean);
            var vr = Vector512.Create(rstd);
            for (; i <= n - k; i += k)
            {
                var v = (Vector512.LoadUnsafe(ref px, (nuint)i) - vm) * vr;
                if (hasW) v *= Vector512.LoadUnsafe(ref pw, (nuint)i);
                if (hasB) v += Vector512.LoadUnsafe(ref pb, (nuint)i);
                v.StoreUnsafe(ref py, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var v = (Unsafe.Add(ref px, i) - mean) * rstd;
            if (hasW) v *= Unsafe.Add(ref pw, i);
            if (hasB) v += Unsafe.Add(ref pb, i);
            Unsafe.Add(ref py, i) = v;
        }
    }

    /// <summary>(Σ g, Σ g * (x - mean)) with g = gy * w, or gy when w is empty.</summary>
    private static (T Sg, T Sgc) GradSums<T>(ReadOnlySpan<T> gy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, T mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var pg = ref MemoryMarshal.GetReference(gy);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pw = ref MemoryMarshal.GetReference(w);
        var hasW = !w.IsEmpty;
        int n = x.Length, i = 0;
        T sg = T.Zero, sgc = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var k = Vector512<T>.Count;
            var vm = Vector512.Create(mean);
            Vector512<T> a = default, ac = default;
            for (; i <= n - k; i += k)
            {
                var g = Vector512.LoadUnsafe(ref pg, (nuint)i);
                if (hasW) g *= Vector512.LoadUnsafe(ref pw, (nuint)i);
                a += g;
                ac += g * (Vector512.LoadUnsafe(ref px, (nuint)i) - vm);
            }
            sg = Vector512.Sum(a);
            sgc = Vector512.Sum(ac);
        }
        for (; i < n; i++)
        {
            var g = Unsafe.Add(ref pg, i);
            if (hasW) g *= Unsafe.Add(ref pw, i);
            sg += g;
            sgc += g * (Unsafe.Add(ref px, i) - mean);
        }
        return (sg, sgc);
    }

    /// <summary>
    /// gx = rstd * (g - meanG - (x - mean) * c), where c = rstd * mean(g * xhat); in the same sweep
    /// (gy and x are loaded once) gwSum += gy * xhat and gbSum += gy when they are not empty.
    /// </summary>
    private static void GradInputAndAffine<T>(ReadOnlySpan<T> gy, ReadOnlySpan<T> x, ReadOnlySpan<T> w, T mean, T rstd, T meanG, T c,
        Span<T> gx, Span<T> gwSum, Span<T> gbSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var pg = ref MemoryMarshal.GetReference(gy);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pw = ref MemoryMarshal.GetReference(w);
        ref var po = ref MemoryMarshal.GetReference(gx);
        ref var pgw = ref MemoryMarshal.GetReference(gwSum);
        ref var pgb = ref MemoryMarshal.GetReference(gbSum);
        bool hasW = !w.IsEmpty, sumW = !gwSum.IsEmpty, sumB = !gbSum.IsEmpty;
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var k = Vector512<T>.Count;
            Vector512<T> vm = Vector512.Create(mean), vr = Vector512.Create(rstd), vg = Vector512.Create(meanG), vc = Vector512.Create(c);
            for (; i <= n - k; i += k)
            {
                var dy = Vector512.LoadUnsafe(ref pg, (nuint)i);
                var g = hasW ? dy * Vector512.LoadUnsafe(ref pw, (nuint)i) : dy;
                var centred = Vector512.LoadUnsafe(ref px, (nuint)i) - vm;
                (vr * (g - vg - centred * vc)).StoreUnsafe(ref po, (nuint)i);
                if (sumW) (Vector512.LoadUnsafe(ref pgw, (nuint)i) + dy * (centred * vr)).StoreUnsafe(ref pgw, (nuint)i);
                if (sumB) (Vector512.LoadUnsafe(ref pgb, (nuint)i) + dy).StoreUnsafe(ref pgb, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var dy = Unsafe.Add(ref pg, i);
            var g = hasW ? dy * Unsafe.Add(ref pw, i) : dy;
            var centred = Unsafe.Add(ref px, i) - mean;
            Unsafe.Add(ref po, i) = rstd * (g - meanG - centred * c);
            if (sumW) Unsafe.Add(ref pgw, i) += dy * (centred * rstd);
            if (sumB) Unsafe.Add(ref pgb, i) += dy;
        }
    }
}
