using Engine.Autodiff;
using Engine.Gan.Models;
using Engine.Nn;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Gan.Probe;

/// <summary>
/// One WGAN-GP critic loss and its parameter gradients at given weights and inputs, for comparing
/// gradients with another framework: critic_real = D(real), critic_fake = D(fake), penalty =
/// E[(||grad D(x_hat)||_2 - 1)^2] at x_hat = alpha real + (1 - alpha) fake with the caller's alpha,
/// loss = E[D(fake)] - E[D(real)] + lambda penalty, input_grad = d D(x_hat) / d x_hat in the layout the
/// inputs came in (MNIST critics take [B, 784] rows as well as [B, 1, 28, 28]), and grad.NAME =
/// d loss / d NAME for every parameter (PyTorch state_dict names: toy-mlp l1, l2, l3, out; mnist-dcgan conv1..3, fc).
/// </summary>
public static class CriticProbe
{
    /// <summary>Computes the probe's outputs from safetensors files; <paramref name="graph"/> receives the loss and gradients (for a DOT export).</summary>
    public static Dictionary<string, HostTensor> Run(string model, SafeTensorsFile weights, SafeTensorsFile inputs, double lambda, DType dtype,
        IBackend backend, out Tensor[] graph) =>
        Run(model, ProbeTensors.From(weights), ProbeTensors.From(inputs), lambda, dtype, backend, out graph);

    /// <summary>Computes the probe's outputs; <paramref name="graph"/> receives the loss and gradients (for a DOT export).</summary>
    public static Dictionary<string, HostTensor> Run(string model, ProbeTensors weights, ProbeTensors inputs, double lambda, DType dtype,
        IBackend backend, out Tensor[] graph)
    {
        if (!ModelRegistry.Contains(model)) throw new ArgumentException($"probe: unknown model '{model}'; expected {ModelRegistry.NamesText}");
        if (!(lambda >= 0) || double.IsInfinity(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "probe: lambda must be a finite number >= 0");
        var critic = Build(model, weights, dtype, backend);
        var parameters = critic.NamedParameters().ToArray();
        Tensor Input(string name) => Convert(inputs.Get(name), dtype, backend);
        var real = Input("real");
        var fake = Input("fake");
        var alpha = Input("alpha");
        if (real.Rank == 0)
            throw new InvalidDataException($"probe: 'real' is a scalar; expected a batch [n, ...] of samples");
        if (!Shape.Equal(real.Shape, fake.Shape))
            throw new InvalidDataException($"probe: 'real' {real.ShapeString} and 'fake' {fake.ShapeString} differ in shape");
        if (alpha.Numel != real.Shape[0])
            throw new InvalidDataException($"probe: 'alpha' {alpha.ShapeString} must hold one value per sample ({real.Shape[0]})");
        alpha = alpha.Reshape([real.Shape[0], .. Enumerable.Repeat(1, real.Rank - 1)]);

        var dReal = critic.Forward(real);
        var dFake = critic.Forward(fake);
        var (_, grad) = Penalties.CriticRegularizer.InputGradient(critic, alpha * real + (1.0 - alpha) * fake);
        var penalty = (grad.Norm(Enumerable.Range(1, grad.Rank - 1).ToArray()) - 1.0).Square().Mean();
        var loss = dFake.Mean() - dReal.Mean() + lambda * penalty;
        var grads = Autograd.Grad([loss], parameters.Select(p => p.Value).ToArray(), createGraph: true, allowUnused: true);

        var result = new Dictionary<string, HostTensor>();
        void Put(string name, Tensor t) => result[name] = HostTensor.FromNDArray(name, t.Data);
        Put("critic_real", dReal);
        Put("critic_fake", dFake);
        Put("penalty", penalty);
        Put("loss", loss);
        Put("input_grad", grad);
        for (var i = 0; i < parameters.Length; i++)
            Put("grad." + parameters[i].Name, grads[i] ?? parameters[i].Value.ZerosLike());
        graph = [loss, .. grads.Where(g => g is not null).Select(g => g!)];
        return result;
    }

    /// <summary>The critic with every parameter taken from <paramref name="weights"/> (names and shapes checked; the width is read off the first layer).</summary>
    public static Module Build(string model, SafeTensorsFile weights, DType dtype, IBackend backend) =>
        Build(model, ProbeTensors.From(weights), dtype, backend);

    /// <summary>The critic with every parameter taken from <paramref name="weights"/> (names and shapes checked; the width is read off the first layer).</summary>
    public static Module Build(string model, ProbeTensors weights, DType dtype, IBackend backend)
    {
        var spec = ModelRegistry.Get(model);
        var first = spec.WidthParameter;
        var firstShape = weights.Get(first).Shape;
        if (firstShape.Length == 0 || firstShape[0] < 1)
            throw new MalformedFileException(weights.Source, $"probe: {weights.Source}: '{first}' is {Shape.Format(firstShape)}; its first dimension is the critic's width and must be at least 1");
        var width = firstShape[0];
        Module Critic(int w) => spec.Critic(new ModelOptions(w, new RandomStream(0), dtype, backend));
        // Sized before built: the width is a claim of the file. A critic far larger than the values the file
        // holds cannot be filled from it, so it is refused before it is allocated; one of about the file's size
        // is built, and the checks below name the tensor that does not fit.
        var names = Critic(1).StateDict().Select(p => p.Name).ToHashSet();
        var held = weights.Tensors.Where(kv => names.Contains(kv.Key)).Sum(kv => (long)kv.Value.Numel);
        var needed = ModelSize.StateElements(Critic, width);
        if (needed > 2 * held + (1 << 20))
            throw new MalformedFileException(weights.Source,
                $"probe: {weights.Source}: '{first}' {Shape.Format(firstShape)} makes a {model} critic of width {width}, which has {needed:N0} values, but the file holds {held:N0} for its tensors");
        var critic = Critic(width);
        var expected = critic.StateDict().Select(p => p.Name).ToHashSet();
        var unknown = weights.Tensors.Keys.Where(k => !expected.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new MalformedFileException(weights.Source, $"probe: {weights.Source} holds tensors the {model} critic does not have: {string.Join(", ", unknown.Take(8))}; expected: {string.Join(", ", expected)}");
        foreach (var (name, p) in critic.StateDict())
        {
            var h = weights.Get(name);
            if (!Shape.Equal(h.Shape, p.Shape))
                throw new MalformedFileException(weights.Source, $"probe: {weights.Source}: '{name}' is {Shape.Format(h.Shape)}, the {model} critic of width {width} needs {p.ShapeString}");
            backend.Copy(Convert(h, dtype, backend).Data, p.Data);
            p.Name = name;
        }
        return critic;
    }

    private static Tensor Convert(HostTensor h, DType dtype, IBackend backend)
    {
        var t = new Tensor(h.ToNDArray(backend));
        return t.DType == dtype ? t : t.To(dtype);
    }
}
