using Engine.Autodiff;
using Engine.Gan.Data;
using Engine.Nn;
using Engine.Optim;
using Engine.Gan.Penalties;
using Engine.Gan.Training;
using Engine.Tensors;

namespace Engine.Gan.Figures;

/// <summary>
/// WGAN training of deep ReLU MLPs (<see cref="DeepWganConfig"/>) with the trainer's loop: a generator step on
/// -E[D(G(z))] (skipped at iteration 0), then critic steps on E[D(fake)] - E[D(real)] plus the regulariser's term,
/// weight clipping applied after each critic step. Every random stream is seeded from the config, in float32.
/// </summary>
public sealed class DeepWgan
{
    private readonly IBackend _backend;
    private readonly IDataSource _data;
    private readonly RandomStream _noiseRng, _penaltyRng;
    private readonly Optimizer _criticOptimizer, _generatorOptimizer;
    private readonly Tensor[] _criticParams, _generatorParams;

    /// <summary>Builds both networks (the critic first, from the same stream for every penalty), optimizers and data.</summary>
    public DeepWgan(DeepWganConfig config, IBackend backend)
    {
        config.Validate();
        (Config, _backend) = (config, backend);
        Regularizer = Regularizers.Create(config.Penalty, config.Lambda);
        _data = DataSources.Create(config.Dataset, WganTrainer.Stream(config.Seed, 1));
        var initRng = new RandomStream(WganTrainer.Stream(config.Seed, 2));
        _noiseRng = new RandomStream(WganTrainer.Stream(config.Seed, 3));
        _penaltyRng = new RandomStream(WganTrainer.Stream(config.Seed, 4));
        Critic = DeepReluMlp.Create(2, 1, config.Width, config.Layers, initRng, DType.Float32, backend);
        Generator = DeepReluMlp.Create(2, 2, config.Width, config.Layers, initRng, DType.Float32, backend);
        var lr = config.EffectiveLearningRate;
        _criticOptimizer = config.Penalty == Regularizers.Clip.Name ? new RmsProp(Critic.NamedParameters(), lr) : new Adam(Critic.NamedParameters(), lr);
        _generatorOptimizer = config.Penalty == Regularizers.Clip.Name ? new RmsProp(Generator.NamedParameters(), lr) : new Adam(Generator.NamedParameters(), lr);
        (_criticParams, _generatorParams) = (Critic.Parameters(), Generator.Parameters());
        Regularizer.AfterCriticStep(Critic);  // a clipped critic starts inside the box
    }

    /// <summary>The configuration.</summary>
    public DeepWganConfig Config { get; }

    /// <summary>The critic D: R^2 -> R.</summary>
    public Sequential Critic { get; }

    /// <summary>The generator G: R^2 -> R^2.</summary>
    public Sequential Generator { get; }

    /// <summary>How the critic is kept Lipschitz.</summary>
    public CriticRegularizer Regularizer { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>One iteration: the generator step (not at iteration 0), then the critic steps; returns the last critic loss.</summary>
    public double RunIteration()
    {
        using var scope = BufferScope.Begin();
        if (Iteration > 0)
        {
            var genLoss = -Critic.Forward(Generator.Forward(Noise(Config.Batch))).Mean();
            Step(_generatorOptimizer, _generatorParams, Autograd.Grad([genLoss], _generatorParams));
        }
        var loss = double.NaN;
        for (var i = 0; i < Config.CriticIters; i++)
        {
            var real = _data.NextBatch(Config.Batch, DType.Float32, _backend);
            Tensor fake;
            using (GradMode.NoGrad()) fake = Generator.Forward(Noise(Config.Batch)).Detach();
            var critic = Critic.Forward(fake).Mean() - Critic.Forward(real).Mean();
            var term = Regularizer.Compute(Critic, real, fake, _penaltyRng);
            var total = term is null ? critic : critic + term.Value;
            Step(_criticOptimizer, _criticParams, Autograd.Grad([total], _criticParams, allowUnused: true));
            Regularizer.AfterCriticStep(Critic);
            loss = total.Item();
        }
        Iteration++;
        return loss;
    }

    /// <summary>
    /// ||d L / d h_k||_F for the input h_k of every critic layer k = 1..N (h_0 = the samples), where
    /// L = E[D(fake)] - E[D(real)] over <paramref name="n"/> fresh real samples and <paramref name="n"/> generated ones
    /// drawn from streams seeded by <paramref name="seed"/>: the paper's "norm of the gradient of the critic loss with
    /// respect to successive layers of activations". The penalty term is left out, so every method is measured on the
    /// same loss.
    /// </summary>
    public double[] ActivationGradientNorms(int n, ulong seed)
    {
        using var scope = BufferScope.Begin();
        var real = _data.WithSeed(WganTrainer.Stream(seed, 1)).NextBatch(n, DType.Float32, _backend);
        Tensor fake;
        using (GradMode.NoGrad())
            fake = Generator.Forward(Tensor.Normal(new RandomStream(WganTrainer.Stream(seed, 2)), [n, 2], backend: _backend)).Detach();
        var x = Ops.Concat([fake, real]).Detach().RequireGrad();
        var (d, inputs) = DeepReluMlp.ForwardRecording(Critic, x);
        var loss = d.Slice(0, 0, n).Mean() - d.Slice(0, n, n).Mean();
        // Summed on the host in float64: with c = 0.001 the squares underflow float32.
        return Autograd.Grad([loss], inputs).Select(g => Math.Sqrt(g!.ToDoubleArray().Sum(v => v * v))).ToArray();
    }

    /// <summary>Every weight of the critic's Linear layers (biases excluded), layer by layer.</summary>
    public double[] CriticWeights() => DeepReluMlp.LinearLayers(Critic).SelectMany(l => l.Weight.ToDoubleArray()).ToArray();

    private Tensor Noise(int n) => Tensor.Normal(_noiseRng, [n, 2], backend: _backend);

    private static void Step(Optimizer optimizer, Tensor[] parameters, Tensor?[] grads)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
        optimizer.Step();
        optimizer.ZeroGrad();
    }

    /// <summary>
    /// Trains one deep WGAN per method for <c>config.Iters</c> iterations (same seed, so the same
    /// initial critic) and measures each with <paramref name="measure"/> (given the trained WGAN and
    /// its training seconds); <paramref name="progress"/> sees every iteration.
    /// </summary>
    public static List<TResult> TrainEach<TResult>(DeepWganConfig config, IBackend backend, FigureMethod[] methods,
        Func<FigureMethod, DeepWgan, double, TResult> measure, Action<FigureProgress>? progress)
    {
        config.Validate();
        var result = new List<TResult>();
        var total = methods.Length * config.Iters;
        foreach (var method in methods)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var wgan = new DeepWgan(config with { Penalty = method.Penalty, Lambda = method.Lambda }, backend);
            for (var i = 0; i < config.Iters; i++)
            {
                progress?.Invoke(new(method.Label, result.Count * config.Iters + i, total));
                wgan.RunIteration();
            }
            result.Add(measure(method, wgan, clock.Elapsed.TotalSeconds));
        }
        progress?.Invoke(new("done", total, total));
        return result;
    }
}
