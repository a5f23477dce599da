using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class Ops
{
    /// <summary>Reorders dimensions (a view): result dimension i is x's dimension perm[i].</summary>
    public static Tensor Permute(this Tensor x, params int[] perm)
    {
        var view = x.Data.Permute(perm);
        var inverse = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++) inverse[Shape.NormalizeAxis("permute", perm[i], x.Rank)] = i;
        // d/dx permute(x, p) = permute(g, p^-1)
        return Tensor.Record("permute", view, [x], c => [c.Grad.Permute(inverse)]);
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public static Tensor Transpose(this Tensor x, int axis0 = -2, int axis1 = -1)
    {
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        var a = Shape.NormalizeAxis("transpose", axis0, x.Rank);
        var b = Shape.NormalizeAxis("transpose", axis1, x.Rank);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return x.Permute(perm);
    }
}
