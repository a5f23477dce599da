using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Joins tensors along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("concat: no tensors given");
        var first = tensors[0];
        var ax = Shape.NormalizeAxis("concat", axis, first.Rank);
        var total = 0;
        foreach (var t in tensors)
        {
            Elementwise.CheckCompatible("concat", first, t);
            var same = t.Rank == first.Rank;
            for (var i = 0; same && i < t.Rank; i++) same = i == ax || t.Shape[i] == first.Shape[i];
            if (!same)
                throw new ShapeMismatchException(
                    $"concat: shapes {string.Join(", ", tensors.Select(x => x.ShapeString))} differ outside axis {ax}");
            total += t.Shape[ax];
        }
        var shape = (int[])first.Shape.Clone();
        shape[ax] = total;
        var result = NDArray.Empty(first.Backend, first.DType, shape);
        var offsets = new int[tensors.Count];
        var offset = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            offsets[i] = offset;
            var n = tensors[i].Shape[ax];
            if (tensors[i].Numel > 0) first.Backend.Copy(tensors[i].Data, result.Slice(ax, offset, n));
            offset += n;
        }
        var inputs = tensors.ToArray();
        // d/dx_i concat(x) = the slice of g that x_i filled
        return Tensor.Record("concat", result, inputs,
            c => inputs.Select((t, i) => c.Needs(i) ? c.Grad.Slice(ax, offsets[i], t.Shape[ax]) : null).ToArray());
    }
}
