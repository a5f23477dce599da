using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class GradientCheck
{
    /// <summary>
    /// PyTorch's two further checks of a backward, which GradCheck runs once the Jacobian matched:
    /// the backward is reentrant (two runs with the same grad-outputs give the same gradients, within
    /// <see cref="GradCheckOptions.NondetTol"/>, 0 by default: bit for bit), and zero grad-outputs give
    /// zero gradients. <paramref name="backward"/> maps grad-outputs (shaped like <paramref name="outputs"/>)
    /// to the gradients of the checked inputs (null for one off the path).
    /// </summary>
    public static GradCheckResult CheckBackward(Func<Tensor[], Tensor?[]> backward, Tensor[] outputs, GradCheckOptions? options = null)
    {
        var o = options ?? new GradCheckOptions();
        var name = o.Name ?? "function";
        var generator = new RandomStream(o.Seed + 7);
        var v = outputs.Select(y => Tensor.Normal(generator, y.Shape, dtype: y.DType, backend: y.Backend)).ToArray();
        double[]?[] Run(Tensor[] seeds) => backward(seeds).Select(g => g?.ToDoubleArray()).ToArray();

        var first = Run(v);
        var second = Run(v);
        if (first.Length != second.Length) return Fail(name, "backward is not reentrant: two identical runs returned different numbers of gradients", -1);
        for (var c = 0; c < first.Length; c++)
        {
            if (first[c] is null != second[c] is null)
                return Fail(name, $"backward is not reentrant: gradient {c} exists in one of two identical runs only", c);
            if (first[c] is not { } a || second[c] is not { } b) continue;
            for (var k = 0; k < a.Length; k++)
                if (!(Math.Abs(a[k] - b[k]) <= o.NondetTol) && !(double.IsNaN(a[k]) && double.IsNaN(b[k])))
                    return Fail(name, $"backward is not reentrant: gradient {c} element {k} is {a[k]:R} in one run and {b[k]:R} in another " +
                        $"with the same grad-output (nondet tol {o.NondetTol:G3})", c);
        }

        var zeros = Run(outputs.Select(y => y.ZerosLike()).ToArray());
        for (var c = 0; c < zeros.Length; c++)
        {
            if (zeros[c] is not { } z) continue;
            for (var k = 0; k < z.Length; k++)
                if (z[k] != 0)
                    return Fail(name, $"a zero grad-output gave gradient {c} the value {z[k]:R} at element {k}, expected 0", c);
        }
        return new GradCheckResult(true, $"backward of '{name}' is reentrant and maps a zero grad-output to zero");
    }

    /// <summary>CheckBackward of the recorded graph from <paramref name="outputs"/> to the checked inputs; null when it holds.</summary>
    private static GradCheckResult? CheckRecordedBackward(Tensor[] inputs, Tensor[] outputs, int[] checkedInputs, GradCheckOptions o, string name)
    {
        var ys = outputs.Where(y => y.RequiresGrad).ToArray();
        if (ys.Length == 0) return null;
        var xs = checkedInputs.Select(i => inputs[i]).ToArray();
        var result = CheckBackward(seeds => Autograd.Grad(ys, xs, seeds, retainGraph: true, allowUnused: true), ys, o with { Name = name });
        return result.Passed ? null : result;
    }

    private static GradCheckResult Fail(string name, string what, int input) => new(false, $"gradcheck failed for '{name}': {what}", input);
}
