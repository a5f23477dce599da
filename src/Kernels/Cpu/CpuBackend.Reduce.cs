using System.Numerics;
using Engine.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Reduce(ReduceOpKind op, NDArray x, int[] axes, NDArray y)
    {
        if (x.DType == DType.Float32) ReduceTyped<float>(op, x, axes, y);
        else ReduceTyped<double>(op, x, axes, y);
    }

    private static void ReduceTyped<T>(ReduceOpKind op, NDArray x, int[] axes, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Move the reduced axes last (a view); then every output element reduces one dense row.
        var kept = Enumerable.Range(0, x.Rank).Where(d => Array.IndexOf(axes, d) < 0).ToArray();
        var moved = x.Permute([.. kept, .. axes]);
        var inner = 1;
        foreach (var a in axes) inner *= x.Shape[a];
        var outer = y.Numel;
        using var src = Dense<T>.Of(moved);
        var ya = DataOf<T>(y);
        Parallelism.For(outer, Math.Max(1, ParallelElements / Math.Max(inner, 1)), (o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
            {
                var row = src.Array.AsSpan(src.Offset + o * inner, inner);
                ya[y.Offset + o] = op == ReduceOpKind.Sum ? TP.Sum<T>(row) : TP.Max<T>(row);
            }
        });
    }
}
