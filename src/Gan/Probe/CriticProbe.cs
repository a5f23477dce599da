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
/// loss = E[D(fake)] - E[D(real)] + lambda penalty, and grad.NAME = d loss / d NAME for every
/// parameter (PyTorch state_dict names: toy-mlp l1, l2, l3, out; mnist-dcgan conv1..3, fc).
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
        var width = weights.Get(spec.WidthParameter).Shape[0];
        var critic = spec.Critic(new ModelOptions(width, new Generator(0), dtype, backend));
        var expected = critic.StateDict().Select(p => p.Name).ToHashSet();
        var unknown = weights.Tensors.Keys.Where(k => !expected.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidDataException($"probe: {weights.Source} holds tensors the {model} critic does not have: {string.Join(", ", unknown.Take(8))}; expected: {string.Join(", ", expected)}");
        foreach (var (name, p) in critic.StateDict())
        {
            var h = weights.Get(name);
            if (!Shape.Equal(h.Shape, p.Shape))
                throw new InvalidDataException($"probe: {weights.Source}: '{name}' is {Shape.Format(h.Shape)}, the {model} critic of width {width} needs {p.ShapeString}");
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
