using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// Finite-difference checks of analytic gradients, in float64 (PyTorch's gradcheck and
/// gradgradcheck). Inputs that require grad are checked; the others are held constant.
/// </summary>
public static partial class GradientCheck
{
    /// <summary>Checks d f / d inputs against central differences. <paramref name="f"/> must be deterministic.</summary>
    public static GradCheckResult GradCheck(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null) =>
        GradCheck(x => [f(x)], inputs, options);

    /// <summary>Checks the Jacobian of a function with several outputs.</summary>
    public static GradCheckResult GradCheck(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions? options = null)
    {
        options ??= new GradCheckOptions();
        for (var i = 0; i < inputs.Length; i++)
            if (inputs[i].DType != DType.Float64)
                throw new ArgumentException($"gradcheck: input {i} {inputs[i].ShapeString} is {inputs[i].DType.Name()}; gradient checks need float64 inputs");
        var checkedInputs = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToArray();
        if (checkedInputs.Length == 0) throw new ArgumentException("gradcheck: no input requires grad, so there is nothing to check");

        // Every tensor of the check (outputs, perturbed copies, gradients) is released when it ends;
        // each evaluation and each backward also has a scope of its own (see the Jacobian part).
        using var scope = BufferScope.Begin();
        Tensor[] outputs;
        using (GradMode.EnableGrad()) outputs = f(inputs);
        var name = options.Name ?? outputs.Select(o => o.Node?.Op).FirstOrDefault(op => op is not null) ?? "function";
        return options.FastMode
            ? CheckFast(f, inputs, outputs, checkedInputs, options, name)
            : CheckFull(f, inputs, outputs, checkedInputs, options, name);
    }

    /// <summary>
    /// Checks the second derivative: GradCheck of (inputs, gradOutputs) -> Grad(f(inputs), inputs,
    /// gradOutputs, createGraph: true), with random gradOutputs that are themselves checked inputs.
    /// </summary>
    public static GradCheckResult GradGradCheck(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null) =>
        GradGradCheck(x => [f(x)], inputs, options);

    /// <summary>Second-derivative check of a function with several outputs.</summary>
    public static GradCheckResult GradGradCheck(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions? options = null)
    {
        options ??= new GradCheckOptions();
        using var scope = BufferScope.Begin();
        Tensor[] outputs;
        using (GradMode.EnableGrad()) outputs = f(inputs);
        var generator = new Generator(options.Seed + 1);
        var gradOutputs = outputs.Select(o => Tensor.Normal(generator, o.Shape, dtype: DType.Float64, requiresGrad: true, backend: o.Backend)).ToArray();
        var diff = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToArray();
        var name = options.Name ?? outputs.Select(o => o.Node?.Op).FirstOrDefault(op => op is not null) ?? "function";

        Tensor[] FirstDerivative(Tensor[] all)
        {
            var xs = all[..inputs.Length];
            var gs = all[inputs.Length..];
            var ys = f(xs);
            var used = Enumerable.Range(0, ys.Length).Where(j => ys[j].RequiresGrad).ToArray();
            if (used.Length == 0) return diff.Select(i => xs[i].ZerosLike()).ToArray();
            var grads = Autograd.Grad(used.Select(j => ys[j]).ToArray(), diff.Select(i => xs[i]).ToArray(),
                used.Select(j => (Tensor?)gs[j]).ToArray(), createGraph: true, allowUnused: true);
            return grads.Select((g, k) => g ?? xs[diff[k]].ZerosLike()).ToArray();
        }

        return GradCheck(FirstDerivative, [.. inputs, .. gradOutputs], options with { Name = $"{name} (double backward)" });
    }
}
