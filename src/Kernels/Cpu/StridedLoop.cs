namespace Engine.Kernels.Cpu;

/// <summary>
/// Runs one contiguous-or-strided row of a strided loop. <c>offsets</c> and <c>strides</c> hold one
/// entry per operand (in the order given to <see cref="StridedLoop.Run"/>); a row has
/// <c>count</c> elements, element j of operand k at offsets[k] + j * strides[k].
/// </summary>
internal interface IRowKernel
{
    void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count);
}

/// <summary>
/// The one strided driver of the CPU backend: every elementwise op, copy, fill and reduction walks
/// its operands through here. It drops size-1 dimensions, merges adjacent dimensions that are
/// contiguous for every operand (so a contiguous array becomes one long row), then hands rows to a
/// <see cref="IRowKernel"/>, which picks a span, span-scalar or scalar path from the row strides.
/// </summary>
internal static class StridedLoop
{
    /// <summary>Below this many elements threads cost more than they save.</summary>
    internal const int ParallelThreshold = 32 * 1024;

    // Long rows are cut into blocks so that a single contiguous row still spreads over the cores.
    private const int BlockSize = 8192;

    private sealed class Plan(int operands, int outerRank)
    {
        public readonly int Operands = operands;
        public readonly int OuterRank = outerRank;
        public readonly int[] OuterSizes = new int[outerRank];
        public readonly int[] OuterStrides = new int[operands * outerRank]; // [operand * OuterRank + dim]
        public readonly int[] InnerStrides = new int[operands];
        public int[] Offsets = [];
        public int Inner = 1;
        public int Blocks = 1;
        public long Outer = 1;
    }

    /// <summary>
    /// Visits every index of <paramref name="shape"/> for operands with the given strides and
    /// offsets. When <paramref name="parallel"/> is true, distinct rows may run on different threads,
    /// so the row kernel must only write elements owned by its row.
    /// </summary>
    public static void Run<TRow>(ReadOnlySpan<int> shape, int[][] strides, int[] offsets, TRow row, bool parallel = true)
        where TRow : struct, IRowKernel
    {
        var k = strides.Length;
        long total = 1;
        foreach (var d in shape) total *= d;
        if (total == 0) return;

        // Collapse: size[r] and stride[op][r] of the merged dimensions, outermost first.
        var rank = shape.Length;
        Span<int> size = stackalloc int[Math.Max(rank, 1)];
        var st = new int[k * Math.Max(rank, 1)];
        var r = 0;
        for (var d = 0; d < rank; d++)
        {
            if (shape[d] == 1) continue;
            var merge = r > 0;
            for (var op = 0; op < k && merge; op++)
                merge = st[op * rank + r - 1] == strides[op][d] * shape[d];
            if (merge)
            {
                size[r - 1] *= shape[d];
                for (var op = 0; op < k; op++) st[op * rank + r - 1] = strides[op][d];
                continue;
            }
            size[r] = shape[d];
            for (var op = 0; op < k; op++) st[op * rank + r] = strides[op][d];
            r++;
        }

        var plan = new Plan(k, Math.Max(r - 1, 0)) { Offsets = offsets };
        if (r > 0)
        {
            plan.Inner = size[r - 1];
            for (var op = 0; op < k; op++) plan.InnerStrides[op] = st[op * rank + r - 1];
            for (var d = 0; d < r - 1; d++)
            {
                plan.OuterSizes[d] = size[d];
                plan.Outer *= size[d];
                for (var op = 0; op < k; op++) plan.OuterStrides[op * plan.OuterRank + d] = st[op * rank + d];
            }
        }

        if (!parallel || total < ParallelThreshold || CpuThreads.Count == 1)
        {
            RunRange(plan, row, 0, plan.Outer);
            return;
        }
        plan.Blocks = (plan.Inner + BlockSize - 1) / BlockSize;
        var work = plan.Outer * plan.Blocks;
        var chunks = (int)Math.Min(work, CpuThreads.Count * 4L);
        Parallel.For(0, chunks, CpuThreads.Options, c => RunRange(plan, row, work * c / chunks, work * (c + 1) / chunks));
    }

    /// <summary>Runs work items [w0, w1): item w is block (w % Blocks) of outer row (w / Blocks).</summary>
    private static void RunRange<TRow>(Plan plan, TRow row, long w0, long w1) where TRow : struct, IRowKernel
    {
        if (w0 >= w1) return;
        var k = plan.Operands;
        var outerRank = plan.OuterRank;
        Span<int> index = stackalloc int[Math.Max(outerRank, 1)];
        Span<int> rowStart = stackalloc int[k];
        Span<int> blockStart = stackalloc int[k];

        // Position the odometer on the first outer row of the range.
        var o = w0 / plan.Blocks;
        var rest = o;
        for (var d = outerRank - 1; d >= 0; d--)
        {
            index[d] = (int)(rest % plan.OuterSizes[d]);
            rest /= plan.OuterSizes[d];
        }
        for (var op = 0; op < k; op++)
        {
            var off = plan.Offsets[op];
            for (var d = 0; d < outerRank; d++) off += index[d] * plan.OuterStrides[op * outerRank + d];
            rowStart[op] = off;
        }

        for (var w = w0; w < w1; w++)
        {
            var wo = w / plan.Blocks;
            if (wo != o)
            {
                o = wo;
                Advance(plan, index, rowStart);
            }
            var j = (int)(w - wo * plan.Blocks);
            var start = j * BlockSize;
            var count = plan.Blocks == 1 ? plan.Inner : Math.Min(BlockSize, plan.Inner - start);
            for (var op = 0; op < k; op++) blockStart[op] = rowStart[op] + start * plan.InnerStrides[op];
            row.Run(blockStart, plan.InnerStrides, count);
        }
    }

    /// <summary>Moves the outer odometer one row forward, updating each operand's row offset.</summary>
    private static void Advance(Plan plan, Span<int> index, Span<int> rowStart)
    {
        var outerRank = plan.OuterRank;
        for (var d = outerRank - 1; d >= 0; d--)
        {
            index[d]++;
            for (var op = 0; op < plan.Operands; op++) rowStart[op] += plan.OuterStrides[op * outerRank + d];
            if (index[d] < plan.OuterSizes[d]) return;
            for (var op = 0; op < plan.Operands; op++) rowStart[op] -= index[d] * plan.OuterStrides[op * outerRank + d];
            index[d] = 0;
        }
    }
}
