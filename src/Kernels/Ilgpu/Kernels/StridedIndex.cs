using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Where the i-th element (row-major over the output's shape) of each operand lives. The layout,
/// uploaded once per distinct geometry (see <see cref="IlgpuBackend"/>): [rank, shape[0..rank),
/// then per operand: offset, strides[0..rank)]. Operand 0 is the output.
/// </summary>
internal static class StridedIndex
{
    /// <summary>The geometry of <paramref name="shape"/> and the operands' (strides, offset).</summary>
    public static int[] Encode(int[] shape, params (int[] Strides, int Offset)[] operands)
    {
        var rank = shape.Length;
        var g = new int[1 + rank + operands.Length * (rank + 1)];
        g[0] = rank;
        shape.CopyTo(g, 1);
        for (var k = 0; k < operands.Length; k++)
        {
            var at = 1 + rank + k * (rank + 1);
            g[at] = operands[k].Offset;
            operands[k].Strides.CopyTo(g, at + 1);
        }
        return g;
    }

    /// <summary>The element offset of linear index <paramref name="i"/> in operand <paramref name="k"/> (kernel side).</summary>
    public static int Offset(ArrayView<int> g, int i, int k)
    {
        var rank = g[0];
        var at = 1 + rank + k * (rank + 1);
        var offset = g[at];
        var rest = i;
        for (var d = rank - 1; d >= 0; d--)
        {
            var size = g[1 + d];
            offset += rest % size * g[at + 1 + d];
            rest /= size;
        }
        return offset;
    }
}
