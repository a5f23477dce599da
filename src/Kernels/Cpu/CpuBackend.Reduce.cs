using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    protected override void ReduceCore(ReduceOpKind op, NDArray x, int[] axes, NDArray y)
    {
        if (x.DType == DType.Float32) Reduce<float>(op, x, axes, y);
        else Reduce<double>(op, x, axes, y);
    }

    private static void Reduce<T>(ReduceOpKind op, NDArray x, int[] axes, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xd = DataOf<T>(x);
        var yd = DataOf<T>(y);
        switch (op)
        {
            case ReduceOpKind.Sum:
            {
                // y is contiguous, so its row-major index is also the accumulator's index.
                var acc = new double[y.Numel];
                if (x.Numel > 0 && LeadingRows(x, axes) is var rows and > 0 && ColumnSums.IsSupported)
                    ColumnSums.Run(xd, x.Offset, rows, x.Numel / rows, acc);
                else if (x.Numel > 0)
                    RunReduce(x, axes, ZeroAxes(Shape.ContiguousStrides(y.Shape), axes), 0, new SumRow<T>(acc, xd));
                for (var i = 0; i < acc.Length; i++) yd[y.Offset + i] = T.CreateTruncating(acc[i]);
                break;
            }
            case ReduceOpKind.Max:
                yd.AsSpan(y.Offset, y.Numel).Fill(T.NegativeInfinity);
                if (x.Numel > 0)
                    RunReduce(x, axes, ZeroAxes((int[])y.Strides.Clone(), axes), y.Offset, new MaxRow<T>(yd, xd));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "cpu: unknown reduction");
        }
    }

    /// <summary>
    /// The number of rows when x is contiguous and the reduced axes are exactly its leading ones with
    /// at least one kept axis after them (x is then [rows, cols] summed over rows); 0 otherwise.
    /// </summary>
    private static int LeadingRows(NDArray x, int[] axes)
    {
        if (!x.IsContiguous || axes.Length == 0 || axes.Length >= x.Rank) return 0;
        var rows = 1;
        for (var d = 0; d < axes.Length; d++)
        {
            if (Array.IndexOf(axes, d) < 0) return 0;
            rows *= x.Shape[d];
        }
        return rows;
    }

    private static int[] ZeroAxes(int[] strides, int[] axes)
    {
        foreach (var ax in axes) strides[ax] = 0;
        return strides;
    }

    /// <summary>
    /// Runs a reduction row kernel over x's index space. Rows that share an output must not run
    /// concurrently, so threads split x along its largest kept axis: each thread owns a disjoint
    /// block of outputs and sums each output in the same order as one thread would.
    /// </summary>
    private static void RunReduce<TRow>(NDArray x, int[] axes, int[] accStrides, int accOffset, TRow row) where TRow : struct, IRowKernel
    {
        int[][] strides = [accStrides, x.Strides];
        var split = -1;
        for (var d = 0; d < x.Rank; d++)
            if (Array.IndexOf(axes, d) < 0 && (split < 0 || x.Shape[d] > x.Shape[split])) split = d;
        if (split < 0 || x.Numel < StridedLoop.ParallelThreshold || x.Shape[split] < 2 || CpuThreads.Count == 1)
        {
            StridedLoop.Run(x.Shape, strides, [accOffset, x.Offset], row, parallel: false);
            return;
        }
        var size = x.Shape[split];
        var chunks = Math.Min(size, CpuThreads.Count * 2);
        Parallel.For(0, chunks, CpuThreads.Options, c =>
        {
            int start = (int)((long)size * c / chunks), end = (int)((long)size * (c + 1) / chunks);
            var shape = (int[])x.Shape.Clone();
            shape[split] = end - start;
            int[] offsets = [accOffset + start * accStrides[split], x.Offset + start * x.Strides[split]];
            StridedLoop.Run(shape, strides, offsets, row, parallel: false);
        });
    }
}
