using Engine.Autodiff;
using Engine.Gan.Models;
using Engine.Nn;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Tests.Gan;

/// <summary>Small float64 critics and batches for penalty checks.</summary>
internal static class GanTestModels
{
    public static Sequential ToyCritic(int width = 5, bool spectralNorm = false, ulong seed = 3) =>
        ToyMlp.Critic(new ModelOptions(width, new RandomStream(seed), DType.Float64, CpuBackend.Instance, spectralNorm));

    /// <summary>A module that applies a closure: lets gradient checks treat the critic's parameters as function inputs.</summary>
    public sealed class Functional(Func<Tensor, Tensor> forward) : Module
    {
        public override Tensor Forward(Tensor x) => forward(x);
    }

    /// <summary>Parameters [W1 (h x in), b1 (h), w2 (1 x h), b2 (1)] of a tanh MLP critic.</summary>
    public static Tensor[] TanhParams(int inDim, int hidden, ulong seed)
    {
        var rng = new RandomStream(seed);
        return
        [
            Tensor.Uniform(rng, [hidden, inDim], -1, 1, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [hidden], -0.5, 0.5, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [1, hidden], -1, 1, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [1], -0.5, 0.5, DType.Float64, requiresGrad: true),
        ];
    }

    /// <summary>D(x) = w2 . tanh(W1 x + b1) + b2: smooth everywhere, so central differences are accurate.</summary>
    public static Tensor TanhCritic(Tensor x, Tensor[] p) => x.Linear(p[0], p[1]).Tanh().Linear(p[2], p[3]);

    /// <summary>d D / d x = ((1 - tanh(h)^2) * w2) W1 per sample, written by hand (no tape for the input gradient).</summary>
    public static Tensor TanhCriticInputGradient(Tensor x, Tensor[] p)
    {
        var t = x.Linear(p[0], p[1]).Tanh();
        return ((1.0 - t * t) * p[2]).MatMul(p[0]);
    }

    public static Module TanhModule(Tensor[] p) => new Functional(x => TanhCritic(x, p));

    public static Tensor Batch(ulong seed, int n, int dim, double lo = -1, double hi = 1) =>
        Tensor.Uniform(new RandomStream(seed), [n, dim], lo, hi, DType.Float64);

    /// <summary>
    /// Evaluates <paramref name="compute"/> with the module's parameters holding the values of
    /// <paramref name="values"/> (GradCheck passes perturbed copies), then restores them. When
    /// <paramref name="values"/> are the module's own tensors it just computes, so the analytic
    /// gradient flows to them.
    /// </summary>
    public static Tensor WithParameterValues(Module m, Tensor[] values, Func<Tensor> compute)
    {
        var own = m.Parameters();
        if (own.Zip(values).All(pair => ReferenceEquals(pair.First, pair.Second))) return compute();
        var saved = own.Select(p => p.Data.ToArray()).ToArray();
        for (var i = 0; i < own.Length; i++) own[i].Backend.Copy(values[i].Data, own[i].Data);
        try
        {
            return compute().Detach();
        }
        finally
        {
            for (var i = 0; i < own.Length; i++) own[i].Backend.Copy(NDArray.FromArray(own[i].Backend, saved[i], own[i].Shape), own[i].Data);
        }
    }
}
