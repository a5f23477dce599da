namespace Engine.Kernels.Gpu;

/// <summary>Packs strided views into the int structs the kernel families take (see Sources/common.h).</summary>
internal static class Geometry
{
    /// <summary>Most dimensions a geometry struct carries (MAXR in the kernels).</summary>
    public const int MaxRank = 8;

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours that are contiguous for every operand, so a
    /// contiguous view becomes one dimension and the kernels' index arithmetic stays short.
    /// </summary>
    public static (int[] Shape, int[][] Strides) Coalesce(int[] shape, params int[][] strides)
    {
        var dims = new List<int>();
        var st = strides.Select(_ => new List<int>()).ToArray();
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            var last = dims.Count - 1;
            if (last >= 0 && strides.Select((s, k) => st[k][last] == s[d] * shape[d]).All(b => b))
            {
                dims[last] *= shape[d];
                for (var k = 0; k < strides.Length; k++) st[k][last] = strides[k][d];
                continue;
            }
            dims.Add(shape[d]);
            for (var k = 0; k < strides.Length; k++) st[k].Add(strides[k][d]);
        }
        return (dims.ToArray(), st.Select(s => s.ToArray()).ToArray());
    }

    /// <summary>EwGeom {rank, shape[8], stride[4][8], offset[4]} for up to four operands of one shape (operand 0 is the output).</summary>
    public static int[] Elementwise(string op, int[] shape, params (int[] Strides, int Offset)[] operands)
    {
        var (dims, strides) = Coalesce(shape, operands.Select(o => o.Strides).ToArray());
        CheckRank(op, shape, dims.Length);
        var g = new int[1 + MaxRank + 4 * MaxRank + 4];
        g[0] = dims.Length;
        dims.CopyTo(g, 1);
        for (var k = 0; k < operands.Length; k++)
        {
            strides[k].CopyTo(g, 1 + MaxRank + k * MaxRank);
            g[1 + 5 * MaxRank + k] = operands[k].Offset;
        }
        return g;
    }

    public static void CheckRank(string op, int[] shape, int rank)
    {
        if (rank > MaxRank)
            throw new NotSupportedException(
                $"gpu {op}: shape {Engine.Tensors.Shape.Format(shape)} has {rank} non-mergeable dimensions; the kernels take at most {MaxRank}");
    }
}
