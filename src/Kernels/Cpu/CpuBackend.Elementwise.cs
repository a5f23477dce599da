using System.Buffers;
using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    // Below this many elements a loop runs on the calling thread; above it, on both cores.
    private const int ParallelElements = 1 << 15;

    /// <inheritdoc />
    public void Unary(UnaryOp op, NDArray x, NDArray y)
    {
        if (y.DType == DType.Float32) UnaryTyped<float>(op, x, y);
        else UnaryTyped<double>(op, x, y);
    }

    /// <inheritdoc />
    public void Binary(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        if (y.DType == DType.Float32) BinaryTyped<float>(op, a, b, y);
        else BinaryTyped<double>(op, a, b, y);
    }

    /// <inheritdoc />
    public void Ternary(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        if (op != TernaryOpKind.Where) throw new NotSupportedException($"cpu: ternary op {op} has no CPU operator");
        if (y.DType == DType.Float32) WhereTyped<float>(a, b, c, y);
        else WhereTyped<double>(a, b, c, y);
    }

    private static void UnaryTyped<T>(UnaryOp op, NDArray x, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var xs = Dense<T>.Of(x);
        var ya = DataOf<T>(y);
        Parallelism.For(y.Numel, ParallelElements, (s, e) =>
            UnarySpans.Apply(op, xs.Array.AsSpan(xs.Offset + s, e - s), ya.AsSpan(y.Offset + s, e - s)));
    }

    private static void BinaryTyped<T>(BinaryOpKind op, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ya = DataOf<T>(y);
        var n = y.Numel;
        if (a.IsContiguous && b.IsContiguous)
        {
            var (aa, ba) = (DataOf<T>(a), DataOf<T>(b));
            Parallelism.For(n, ParallelElements, (s, e) =>
                BinarySpans.Apply(op, aa.AsSpan(a.Offset + s, e - s), ba.AsSpan(b.Offset + s, e - s), ya.AsSpan(y.Offset + s, e - s)));
            return;
        }
        // General case: collapse dimensions, then run rows of the innermost dimension, where each
        // operand is either dense (stride 1) or one broadcast value (stride 0).
        var (shape, strides) = Collapse(y.Shape, a.Strides, b.Strides);
        using var ad = InnerStride(strides[0], shape) is 0 or 1 ? Dense<T>.Borrow(a) : Dense<T>.Of(a);
        using var bd = InnerStride(strides[1], shape) is 0 or 1 ? Dense<T>.Borrow(b) : Dense<T>.Of(b);
        if (ad.Gathered) strides[0] = Shape.ContiguousStrides(shape);
        if (bd.Gathered) strides[1] = Shape.ContiguousStrides(shape);
        var inner = shape.Length == 0 ? 1 : shape[^1];
        int aInner = InnerStride(strides[0], shape), bInner = InnerStride(strides[1], shape);
        var rows = n / Math.Max(inner, 1);
        var (sa, sb) = (strides[0], strides[1]);
        Parallelism.For(rows, Math.Max(1, ParallelElements / Math.Max(inner, 1)), (r0, r1) =>
        {
            for (var r = r0; r < r1; r++)
            {
                var (ao, bo) = (ad.Offset + RowOffset(r, shape, sa), bd.Offset + RowOffset(r, shape, sb));
                var dst = ya.AsSpan(y.Offset + r * inner, inner);
                if (aInner == 1 && bInner == 1) BinarySpans.Apply(op, ad.Array.AsSpan(ao, inner), bd.Array.AsSpan(bo, inner), dst);
                else if (aInner == 1) BinarySpans.ApplyScalarRight(op, ad.Array.AsSpan(ao, inner), bd.Array[bo], dst);
                else if (bInner == 1) BinarySpans.ApplyScalarLeft(op, ad.Array[ao], bd.Array.AsSpan(bo, inner), dst);
                else dst.Fill(BinarySpans.Scalar(op, ad.Array[ao], bd.Array[bo]));
            }
        });
    }

    private static void WhereTyped<T>(NDArray cond, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var cd = Dense<T>.Of(cond);
        using var ad = Dense<T>.Of(a);
        using var bd = Dense<T>.Of(b);
        var ya = DataOf<T>(y);
        Parallelism.For(y.Numel, ParallelElements, (s, e) =>
        {
            for (var i = s; i < e; i++)
                ya[y.Offset + i] = cd.Array[cd.Offset + i] != T.Zero ? ad.Array[ad.Offset + i] : bd.Array[bd.Offset + i];
        });
    }

    private static int InnerStride(int[] strides, int[] shape) => shape.Length == 0 ? 0 : strides[^1];

    /// <summary>Buffer offset of row r (all dimensions but the last) for the given strides.</summary>
    private static int RowOffset(int row, int[] shape, int[] strides)
    {
        var offset = 0;
        for (var d = shape.Length - 2; d >= 0; d--)
        {
            offset += row % shape[d] * strides[d];
            row /= shape[d];
        }
        return offset;
    }

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours that are laid out contiguously for both
    /// operands, so broadcasts and dense blocks become as few, as long rows as possible.
    /// </summary>
    private static (int[] Shape, int[][] Strides) Collapse(int[] shape, int[] sa, int[] sb)
    {
        var dims = new List<(int Size, int A, int B)>();
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            if (dims.Count > 0)
            {
                var (size, a, b) = dims[^1];
                if (a == sa[d] * shape[d] && b == sb[d] * shape[d])
                {
                    dims[^1] = (size * shape[d], sa[d], sb[d]);
                    continue;
                }
            }
            dims.Add((shape[d], sa[d], sb[d]));
        }
        if (dims.Count == 0) dims.Add((1, 0, 0));
        return (dims.Select(t => t.Size).ToArray(), [dims.Select(t => t.A).ToArray(), dims.Select(t => t.B).ToArray()]);
    }
}
