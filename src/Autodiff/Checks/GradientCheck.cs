using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// Finite-difference checks of analytic gradients, in float64 (PyTorch's gradcheck and
/// gradgradcheck). Inputs that require grad are checked; the others are held constant. Besides the
/// Jacobian, every check asserts, as PyTorch's does, that the backward is reentrant and that a zero
/// grad-output gives zero gradients.
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
        var result = options.FastMode
            ? CheckFast(f, inputs, outputs, checkedInputs, options, name)
            : CheckFull(f, inputs, outputs, checkedInputs, options, name);
        return result.Passed ? CheckRecordedBackward(inputs, outputs, checkedInputs, options, name) ?? result : result;
    }

    /// <summary>
    /// Checks the second derivative: GradCheck of (inputs, gradOutputs) -> Grad(f(inputs), inputs,
    /// gradOutputs, createGraph: true), with random gradOutputs that are themselves checked inputs.
    /// </summary>
    public static GradCheckResult GradGradCheck(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null) =>
        GradGradCheck(x => [f(x)], inputs, options);

    /// <summary>Second-derivative check of a function with several outputs.</summary>
    public static GradCheckResult GradGradCheck(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions? options = null) =>
        OrderCheck(f, inputs, 2, options);

    /// <summary>
    /// Checks the derivative of order <paramref name="order"/> (1: GradCheck, 2: GradGradCheck, 3: the
    /// derivative of GradGradCheck's function, and so on): GradCheck applied to the function that
    /// returns Grad(..., createGraph: true) of the order below, with random grad-outputs as extra checked inputs.
    /// </summary>
    public static GradCheckResult OrderCheck(Func<Tensor[], Tensor[]> f, Tensor[] inputs, int order, GradCheckOptions? options = null)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "gradcheck: the derivative order must be >= 1");
        options ??= new GradCheckOptions();
        // Every tensor of the check (the functions' outputs, the random grad-outputs) is released when it ends.
        using var scope = BufferScope.Begin();
        var name = options.Name;
        for (var k = 1; k < order; k++)
        {
            var (df, dInputs, baseName) = Differentiated(f, inputs, options with { Seed = options.Seed + (ulong)(k - 1) });
            (f, inputs) = (df, dInputs);
            name ??= baseName;
        }
        if (order == 1) return GradCheck(f, inputs, options);
        return GradCheck(f, inputs, options with { Name = order == 2 ? $"{name} (double backward)" : $"{name} (order {order})" });
    }

    /// <summary>
    /// (inputs, gradOutputs) -> Grad(f(inputs), inputs that require grad, gradOutputs, createGraph: true),
    /// zeros where a derivative is identically zero; random float64 gradOutputs that require grad.
    /// </summary>
    private static (Func<Tensor[], Tensor[]> F, Tensor[] Inputs, string Name) Differentiated(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions options)
    {
        Tensor[] outputs;
        using (GradMode.EnableGrad()) outputs = f(inputs);
        var generator = new RandomStream(options.Seed + 1);
        var gradOutputs = outputs.Select(o => Tensor.Normal(generator, o.Shape, dtype: DType.Float64, requiresGrad: true, backend: o.Backend)).ToArray();
        var diff = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToArray();
        var name = options.Name ?? outputs.Select(o => o.Node?.Op).FirstOrDefault(op => op is not null) ?? "function";
        var n = inputs.Length;

        Tensor[] FirstDerivative(Tensor[] all)
        {
            var xs = all[..n];
            var gs = all[n..];
            var ys = f(xs);
            return Array.ConvertAll(Autograd.Grad(ys, diff.Select(i => xs[i]).ToArray(), gs, createGraph: true, materializeGrads: true), g => g!);
        }
        return (FirstDerivative, [.. inputs, .. gradOutputs], name);
    }
}
