using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// Functional transforms over the engine's reverse mode, as torch.func and JAX offer them: vector-
/// Jacobian and Jacobian-vector products, Hessian-vector products, and dense Jacobians and Hessians
/// for small inputs. The function is called on fresh leaves (the given tensors themselves when
/// <c>createGraph</c> and they already require grad, so the result stays differentiable with respect
/// to what produced them). Derivatives that are identically zero come back as zeros.
/// </summary>
public static class Functional
{
    /// <summary>f(x) and v^T J_f(x): one backward pass with grad-outputs <paramref name="v"/> (one per output).</summary>
    public static (Tensor[] Outputs, Tensor[] Vjp) Vjp(Func<Tensor[], Tensor[]> f, Tensor[] x, Tensor[] v, bool createGraph = false)
    {
        var leaves = Leaves(x, createGraph);
        var y = Call(f, leaves);
        Check("vjp", "v", y, v);
        var g = Autograd.Grad(y, leaves, v, createGraph: createGraph, materializeGrads: true);
        return (Results(y, createGraph), Materialized(g));
    }

    /// <summary>
    /// f(x) and J_f(x) u by the double-vjp trick: g(w) = J^T w is linear in a dummy w, so the vjp
    /// of g with grad-output u is J u. Two reverse passes, no forward mode needed.
    /// </summary>
    public static (Tensor[] Outputs, Tensor[] Jvp) Jvp(Func<Tensor[], Tensor[]> f, Tensor[] x, Tensor[] u, bool createGraph = false)
    {
        if (u.Length != x.Length) throw new ArgumentException($"jvp: {x.Length} inputs but {u.Length} tangents");
        for (var i = 0; i < x.Length; i++) CheckLike("jvp", $"tangent {i}", u[i], x[i]);
        var leaves = Leaves(x, createGraph);
        var y = Call(f, leaves);
        var w = y.Select(t => t.ZerosLike().RequireGrad()).ToArray();
        Tensor[] transposed;
        using (GradMode.EnableGrad())
            transposed = Materialized(Autograd.Grad(y, leaves, w, createGraph: true, materializeGrads: true));
        var jvp = Autograd.Grad(transposed, w, u, createGraph: createGraph, materializeGrads: true);
        return (Results(y, createGraph), Materialized(jvp));
    }

    /// <summary>f(x) and H u, the Hessian of the scalar <paramref name="f"/> times u: the vjp of the gradient (double backward).</summary>
    public static (Tensor Output, Tensor[] Hvp) Hvp(Func<Tensor[], Tensor> f, Tensor[] x, Tensor[] u, bool createGraph = false)
    {
        if (u.Length != x.Length) throw new ArgumentException($"hvp: {x.Length} inputs but {u.Length} vectors");
        for (var i = 0; i < x.Length; i++) CheckLike("hvp", $"vector {i}", u[i], x[i]);
        var leaves = Leaves(x, createGraph);
        Tensor y;
        Tensor[] g;
        using (GradMode.EnableGrad())
        {
            y = f(leaves);
            if (y.Numel != 1) throw new ArgumentException($"hvp: f must return a scalar, got {y.ShapeString}");
            g = Materialized(Autograd.Grad([y], leaves, createGraph: true, materializeGrads: true));
        }
        var hv = Autograd.Grad(g, leaves, u, createGraph: createGraph, materializeGrads: true);
        return (createGraph ? y : y.Detach(), Materialized(hv));
    }

    /// <summary>The dense Jacobian of f at x, shaped [..f(x).Shape, ..x.Shape]: one backward per output element (small outputs only).</summary>
    public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x, bool createGraph = false)
    {
        var leaf = Leaves([x], createGraph)[0];
        Tensor y;
        using (GradMode.EnableGrad()) y = f(leaf);
        var rows = new List<Tensor>(y.Numel);
        for (var k = 0; k < y.Numel; k++)
        {
            var g = Autograd.Grad([y], [leaf], [OneHot(y, k)], createGraph: createGraph, retainGraph: true, materializeGrads: true)[0]!;
            rows.Add(g.Reshape(1, x.Numel));
        }
        Tensor jacobian;
        using (createGraph ? GradMode.EnableGrad() : GradMode.NoGrad())
            jacobian = (rows.Count == 1 ? rows[0] : Ops.Concat(rows, 0)).Reshape([.. y.Shape, .. x.Shape]);
        return jacobian;
    }

    /// <summary>The dense Hessian of the scalar f at x, shaped [..x.Shape, ..x.Shape]: the Jacobian of the gradient.</summary>
    public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x, bool createGraph = false) =>
        Jacobian(p =>
        {
            var y = f(p);
            if (y.Numel != 1) throw new ArgumentException($"hessian: f must return a scalar, got {y.ShapeString}");
            return Autograd.Grad([y], [p], createGraph: true, materializeGrads: true)[0]!;
        }, x, createGraph);

    // materializeGrads leaves no null.
    private static Tensor[] Materialized(Tensor?[] grads) => Array.ConvertAll(grads, g => g!);

    private static Tensor[] Leaves(Tensor[] x, bool createGraph) =>
        x.Select(t => createGraph && t.RequiresGrad ? t : t.Detach().RequireGrad()).ToArray();

    private static Tensor[] Call(Func<Tensor[], Tensor[]> f, Tensor[] leaves)
    {
        using var _ = GradMode.EnableGrad();
        return f(leaves);
    }

    private static Tensor[] Results(Tensor[] y, bool createGraph) => createGraph ? y : y.Select(t => t.Detach()).ToArray();

    private static Tensor OneHot(Tensor like, int k)
    {
        var values = new double[like.Numel];
        values[k] = 1;
        var seed = Tensor.FromArray(values, like.Shape, backend: like.Backend);
        using var _ = GradMode.NoGrad();
        return like.DType == DType.Float64 ? seed : seed.To(like.DType);
    }

    private static void Check(string op, string what, Tensor[] y, Tensor[] v)
    {
        if (v.Length != y.Length) throw new ArgumentException($"{op}: f returned {y.Length} outputs but {v.Length} {what} were given");
        for (var i = 0; i < y.Length; i++) CheckLike(op, $"{what}[{i}]", v[i], y[i]);
    }

    private static void CheckLike(string op, string what, Tensor t, Tensor like)
    {
        if (!Shape.Equal(t.Shape, like.Shape))
            throw new ShapeMismatchException($"{op}: {what} has shape {t.ShapeString}, expected {like.ShapeString}");
    }
}
