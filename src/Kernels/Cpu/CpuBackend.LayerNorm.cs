using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    // Below this many elements per core, starting Parallel.For costs more than the second core saves.
    private const int LayerNormMinElementsPerChunk = 1 << 15;

    /// <inheritdoc />
    protected override void LayerNormForwardCore(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd, int rows, int d)
    {
        if (x.DType == DType.Float32) LayerNormForwardRows<float>(x, w, b, eps, y, mean, rstd, rows, d);
        else LayerNormForwardRows<double>(x, w, b, eps, y, mean, rstd, rows, d);
    }

    /// <inheritdoc />
    protected override void LayerNormBackwardCore(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb, int rows, int d)
    {
        if (x.DType == DType.Float32) LayerNormBackwardRows<float>(gy, x, mean, rstd, w, gx, gw, gb, rows, d);
        else LayerNormBackwardRows<double>(gy, x, mean, rstd, w, gx, gw, gb, rows, d);
    }

    private static void LayerNormForwardRows<T>(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd, int rows, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (xs, ys, ms, rs) = (DataOf<T>(x), DataOf<T>(y), DataOf<T>(mean), DataOf<T>(rstd));
        var ws = w is null ? null : DataOf<T>(w);
        var bs = b is null ? null : DataOf<T>(b);
        RunRowChunks(LayerNormChunks(rows, d), rows, (_, lo, hi) =>
        {
            // An empty span tells the row kernel "no affine"; spans cannot be captured, so build them here.
            var wRow = ws is null ? ReadOnlySpan<T>.Empty : ws.AsSpan(w!.Offset, d);
            var bRow = bs is null ? ReadOnlySpan<T>.Empty : bs.AsSpan(b!.Offset, d);
            for (var r = lo; r < hi; r++)
            {
                LayerNormRow.Forward<T>(xs.AsSpan(x.Offset + r * d, d), wRow, bRow, eps, ys.AsSpan(y.Offset + r * d, d),
                    out ms[mean.Offset + r], out rs[rstd.Offset + r]);
            }
        });
    }

    private static void LayerNormBackwardRows<T>(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb, int rows, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (gys, xs, ms, rs, gxs) = (DataOf<T>(gy), DataOf<T>(x), DataOf<T>(mean), DataOf<T>(rstd), DataOf<T>(gx));
        var ws = w is null ? null : DataOf<T>(w);
        var gwAll = gw is null ? Span<T>.Empty : DataOf<T>(gw).AsSpan(gw.Offset, d);
        var gbAll = gb is null ? Span<T>.Empty : DataOf<T>(gb).AsSpan(gb.Offset, d);
        gwAll.Clear();
        gbAll.Clear();
        var chunks = LayerNormChunks(rows, d);
        // Chunk 0 sums into gw/gb themselves; every other chunk into its own pooled slice, added once
        // all are done, so no element is written by two threads. Slices are padded to whole cache lines.
        var stride = (2 * d + 15) & ~15;
        var partial = (gw is not null || gb is not null) && chunks > 1 ? ArrayPool<T>.Shared.Rent((chunks - 1) * stride) : null;
        partial?.AsSpan(0, (chunks - 1) * stride).Clear();
        RunRowChunks(chunks, rows, (c, lo, hi) =>
        {
            var wRow = ws is null ? ReadOnlySpan<T>.Empty : ws.AsSpan(w!.Offset, d);
            Span<T> gwSum, gbSum;
            if (c == 0 || partial is null)
            {
                gwSum = gw is null ? Span<T>.Empty : DataOf<T>(gw).AsSpan(gw.Offset, d);
                gbSum = gb is null ? Span<T>.Empty : DataOf<T>(gb).AsSpan(gb.Offset, d);
            }
            else
            {
                gwSum = gw is null ? Span<T>.Empty : partial.AsSpan((c - 1) * stride, d);
                gbSum = gb is null ? Span<T>.Empty : partial.AsSpan((c - 1) * stride + d, d);
            }
            for (var r = lo; r < hi; r++)
            {
                var at = r * d;
                LayerNormRow.Backward<T>(gys.AsSpan(gy.Offset + at, d), xs.AsSpan(x.Offset + at, d), wRow,
                    ms[mean.Offset + r], rs[rstd.Offset + r], gxs.AsSpan(gx.Offset + at, d), gwSum, gbSum);
            }
        });
        if (partial is null) return;
        for (var c = 1; c < chunks; c++)
        {
            if (gw is not null) TensorPrimitives.Add(gwAll, partial.AsSpan((c - 1) * stride, d), gwAll);
            if (gb is not null) TensorPrimitives.Add(gbAll, partial.AsSpan((c - 1) * stride + d, d), gbAll);
        }
        ArrayPool<T>.Shared.Return(partial);
    }

    /// <summary>How many row chunks to run: one per core, but only when each gets enough work.</summary>
    private static int LayerNormChunks(int rows, int d)
    {
        var byWork = (int)Math.Min((long)rows * d / LayerNormMinElementsPerChunk, int.MaxValue);
        return Math.Max(1, Math.Min(Math.Min(CpuThreads.Count, rows), byWork));
    }

    /// <summary>Runs body(chunk, firstRow, endRow) over <paramref name="chunks"/> equal row ranges; inline when there is one.</summary>
    private static void RunRowChunks(int chunks, int rows, Action<int, int, int> body)
    {
        if (chunks <= 1)
        {
            body(0, 0, rows);
            return;
        }
        Parallel.For(0, chunks, CpuThreads.Options, c => body(c, (int)((long)c * rows / chunks), (int)((long)(c + 1) * rows / chunks)));
    }
}
