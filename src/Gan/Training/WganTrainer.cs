using Engine.Autodiff;
using Engine.Gan.Data;
using Engine.Gan.Models;
using Engine.Nn;
using Engine.Optim;
using Engine.Gan.Penalties;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>
/// The WGAN training loop of the official code: each iteration first trains the generator (except
/// at iteration 0) on -E[D(G(z))], then takes <see cref="TrainConfig.CriticIters"/> critic steps,
/// each on a fresh real batch and freshly generated, detached fake samples, minimising
/// E[D(fake)] - E[D(real)] plus the regulariser's term. Every random stream (weights, data, noise,
/// penalty) has its own counter-based <see cref="RandomStream"/>, so a seed reproduces a run and a checkpoint
/// restores it exactly.
/// </summary>
public sealed partial class WganTrainer
{
    private readonly RandomStream _noiseRng, _penaltyRng;
    private readonly Tensor[] _criticParams, _generatorParams;
    private readonly List<double> _criticStepMilliseconds = [];

    /// <summary>
    /// Builds models, optimizers, data and regulariser from <paramref name="config"/> on <paramref name="backend"/>;
    /// with <paramref name="parallel"/> this process trains its share of every batch of a data-parallel run.
    /// </summary>
    public WganTrainer(TrainConfig config, IBackend backend, IDataSource? data = null, DataParallel? parallel = null)
    {
        config.Validate();
        Config = config;
        Backend = backend;
        Regularizer = Regularizers.Create(config.Penalty, config.EffectiveLambda);
        Data = data ?? DataSources.Create(config.Dataset, Stream(config.Seed, 1), config.DataDir);
        var initRng = new RandomStream(Stream(config.Seed, 2));
        _noiseRng = new RandomStream(Stream(config.Seed, 3));
        _penaltyRng = new RandomStream(Stream(config.Seed, 4));

        var options = new ModelOptions(config.EffectiveWidth, initRng, config.DType, backend, Regularizer.NeedsSpectralNorm);
        var model = ModelRegistry.Get(config.Model);
        // Sized before built: a width or batch that cannot fit is refused with the estimate, not met by an out-of-memory.
        // The probes draw from a throwaway stream, so the networks' initial weights do not change.
        ModelOptions Probe(int w) => options with { Width = w, Rng = new RandomStream(0) };
        TrainingFootprint.Estimate(config, Data.SampleShape, model.NoiseDim, w => (model.Generator(Probe(w)), model.Critic(Probe(w))))
            .CheckFits(config, TrainingFootprint.AvailableBytes());
        Generator = model.Generator(options);
        Critic = model.Critic(options);
        NoiseDim = model.NoiseDim;
        if (config.EmaDecay > 0)
        {
            // Built from its own stream so the trained networks' initial weights do not change.
            var emaOptions = options with { Rng = new RandomStream(Stream(config.Seed, 9)) };
            GeneratorEma = model.Generator(emaOptions);
            foreach (var p in GeneratorEma.Parameters()) p.RequiresGrad = false;
            CopyWeights(Generator, GeneratorEma);
        }
        GeneratorOptimizer = CreateOptimizer(Generator, 1.0);
        CriticOptimizer = CreateOptimizer(Critic, config.LazyRatio);
        _criticParams = Critic.Parameters();
        _generatorParams = Generator.Parameters();
        // Names show up in error messages and graph exports.
        foreach (var (name, p) in Critic.NamedParameters()) p.Name = "critic." + name;
        foreach (var (name, p) in Generator.NamedParameters()) p.Name = "generator." + name;
        if (parallel is not null) JoinDataParallel(parallel);
    }

    /// <summary>The configuration.</summary>
    public TrainConfig Config { get; }

    /// <summary>Where tensors live.</summary>
    public IBackend Backend { get; }

    /// <summary>The real data.</summary>
    public IDataSource Data { get; }

    /// <summary>G: noise to samples.</summary>
    public Module Generator { get; }

    /// <summary>D: samples to scores.</summary>
    public Module Critic { get; }

    /// <summary>How the critic is kept Lipschitz.</summary>
    public CriticRegularizer Regularizer { get; }

    /// <summary>The exponential moving average of the generator's weights, or null when <see cref="TrainConfig.EmaDecay"/> is 0.</summary>
    public Module? GeneratorEma { get; }

    /// <summary>The generator's optimizer.</summary>
    public Optimizer GeneratorOptimizer { get; }

    /// <summary>The critic's optimizer.</summary>
    public Optimizer CriticOptimizer { get; }

    /// <summary>Width of the generator's noise.</summary>
    public int NoiseDim { get; }

    /// <summary>
    /// Wall time of every critic step <see cref="RunIteration"/> took in this process, in order (on a
    /// GPU backend a step's time ends when its last scalar is read back), to set beside <c>engine bench</c>.
    /// </summary>
    public IReadOnlyList<double> CriticStepMilliseconds => _criticStepMilliseconds;

    /// <summary>Iterations completed (the index of the next one).</summary>
    public int Iteration { get; private set; }

    /// <summary>Runs one iteration: the generator step (skipped at iteration 0), then the critic steps.</summary>
    public IterationStats RunIteration(double secondsSoFar = 0)
    {
        var genLoss = Iteration > 0 ? GeneratorStep() : double.NaN;
        double loss = 0, w = 0, pen = 0, gm = 0, gs = 0;
        var normCount = 0;
        for (var i = 0; i < Config.CriticIters; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var s = CriticStep();
            _criticStepMilliseconds.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            loss += s.Loss;
            w += s.Wasserstein;
            pen += s.Penalty;
            if (!double.IsNaN(s.GradNormMean)) { gm += s.GradNormMean; gs += s.GradNormStd; normCount++; }
        }
        var k = Config.CriticIters;
        var stats = new IterationStats(Iteration, loss / k, genLoss, w / k, pen / k,
            normCount > 0 ? gm / normCount : double.NaN, normCount > 0 ? gs / normCount : double.NaN, secondsSoFar);
        Iteration++;
        return stats;
    }

    /// <summary>One critic step; returns its loss, Wasserstein estimate, penalty and input-gradient norm statistics.</summary>
    public (double Loss, double Wasserstein, double Penalty, double GradNormMean, double GradNormStd) CriticStep()
    {
        // Every buffer of the step goes back to the pool at its end; only host numbers leave it.
        using var scope = BufferScope.Begin();
        // The step count is in the checkpoint, so a resumed run regularises on the same steps.
        var (loss, wNeg, term) = CriticLoss(regularize: CriticOptimizer.Steps % Config.RegEvery == 0);
        if (Parallel is not null) return ParallelCriticStep(loss, wNeg, term);
        Apply(CriticOptimizer, _criticParams, Autograd.Grad([loss], _criticParams, allowUnused: true));
        Regularizer.AfterCriticStep(Critic);
        var (mean, std) = term?.GradNorms is { } norms ? MeanStd(norms.ToDoubleArray()) : (double.NaN, double.NaN);
        return (loss.Item(), -wNeg.Item(), term?.Value.Item() ?? 0, mean, std);
    }

    /// <summary>
    /// The critic's loss on a fresh real batch and freshly generated, detached fakes, as a graph:
    /// E[D(fake)] - E[D(real)] plus the regulariser's term (whose input gradient was taken with
    /// createGraph, so differentiating the loss is a backward of a backward). Draws from the
    /// data, noise and penalty streams like a step does. In a data-parallel run it is the loss of
    /// this rank's rows of the global batch (means over those rows). With <paramref name="regularize"/> false
    /// (a lazy step between two regularised ones) the term is left out; with it, the term is scaled
    /// by <see cref="TrainConfig.RegEvery"/> so that its average over the steps stays lambda times the penalty.
    /// </summary>
    public (Tensor Loss, Tensor NegativeWasserstein, PenaltyTerm? Term) CriticLoss(bool regularize = true)
    {
        var real = CriticInput(Data.NextBatch(Config.EffectiveBatch, Config.DType, Backend));
        if (Parallel is not null) real = Parallel.Rows(real);
        var z = Noise(LocalBatch);
        Tensor fake;
        // Named, so the profile does not mix the generator's layers with the critic's (both have l1, l2, ...).
        using (GradMode.NoGrad())
        using (ModuleScope.Enter("generator"))
            fake = CriticInput(Generator.Forward(z).Detach());
        var wNeg = Critic.Forward(fake).Mean() - Critic.Forward(real).Mean();
        var term = regularize ? Regularizer.Compute(Critic, real, new LatentBatch(Generator, z, fake), _penaltyRng) : null;
        if (term is not null && Config.RegEvery > 1) term = term with { Value = Config.RegEvery * term.Value };
        return (term is null ? wNeg : wNeg + term.Value, wNeg, term);
    }

    /// <summary>
    /// Samples in the layout the critic is fed (<see cref="TrainConfig.InputLayout"/>): as they are, or
    /// flattened to [B, 784] rows, a view of the same values, which the critic's input layer reshapes back.
    /// </summary>
    private Tensor CriticInput(Tensor samples) =>
        Config.InputLayout == InputLayout.Flat ? samples.Reshape(samples.Shape[0], samples.Numel / samples.Shape[0]) : samples;

    /// <summary>The critic's trainable parameters, in state_dict order.</summary>
    public IReadOnlyList<Tensor> CriticParameters => _criticParams;

    /// <summary>One generator step on -E[D(G(z))] (plus the regulariser's generator term, zcr's); returns that loss.</summary>
    public double GeneratorStep()
    {
        using var scope = BufferScope.Begin();
        var z = Noise(LocalBatch);
        var samples = Generator.Forward(z);
        var loss = -Critic.Forward(CriticInput(samples)).Mean();
        if (Regularizer.GeneratorTerm(Critic, new LatentBatch(Generator, z, samples), _penaltyRng) is { } extra) loss += extra;
        if (Parallel is not null) return ParallelGeneratorStep(loss);
        Apply(GeneratorOptimizer, _generatorParams, Autograd.Grad([loss], _generatorParams));
        UpdateEma();
        return loss.Item();
    }

    /// <summary>
    /// ema = d ema + (1 - d) w after each generator step, with d warmed up as min(decay, (1 + t) / (10 + t))
    /// (TensorFlow's ExponentialMovingAverage with num_updates) so the initial weights fade quickly.
    /// </summary>
    private void UpdateEma()
    {
        if (GeneratorEma is null) return;
        var t = GeneratorOptimizer.Steps;
        var d = Math.Min(Config.EmaDecay, (1.0 + t) / (10.0 + t));
        using var _ = GradMode.NoGrad();
        foreach (var ((_, e), (_, w)) in GeneratorEma.NamedParameters().Zip(Generator.NamedParameters()))
            Backend.Copy((e * d + w.Detach() * (1 - d)).Data, e.Data);
    }

    private void CopyWeights(Module from, Module to)
    {
        foreach (var ((_, a), (_, b)) in from.StateDict().Zip(to.StateDict())) Backend.Copy(a.Data, b.Data);
    }

    /// <summary>Generator noise N(0, 1) of shape [n, NoiseDim] from the run's noise stream.</summary>
    public Tensor Noise(int n) => Tensor.Normal(_noiseRng, [n, NoiseDim], dtype: Config.DType, backend: Backend);

    /// <summary>
    /// <paramref name="n"/> generated samples (no graph), drawn from a separate stream seeded by
    /// <paramref name="seed"/> so evaluation does not disturb training; from the weight average when <paramref name="ema"/>.
    /// Images are generated in chunks of <see cref="SampleChunk"/> so thousands of them fit in memory.
    /// </summary>
    public Tensor Sample(int n, ulong seed, bool ema = false)
    {
        using var _ = GradMode.NoGrad();
        var z = Tensor.Normal(new RandomStream(seed), [n, NoiseDim], dtype: Config.DType, backend: Backend);
        var g = ema ? GeneratorEma ?? throw new InvalidOperationException("sample: no EMA generator (EmaDecay is 0)") : Generator;
        if (Data.SampleShape.Length == 1 || n <= SampleChunk) return g.Forward(z);
        var parts = new List<Tensor>();
        for (var start = 0; start < n; start += SampleChunk)
        {
            // Each chunk's activations go back to the pool before the next chunk runs; only its images stay.
            using var chunk = BufferScope.Begin();
            parts.Add(g.Forward(z.Slice(0, start, Math.Min(SampleChunk, n - start))).MoveToOuterScope());
        }
        return Ops.Concat(parts, 0);
    }

    /// <summary>Images generated per forward pass by <see cref="Sample"/>.</summary>
    public const int SampleChunk = 250;

    /// <summary>Critic values over a <paramref name="size"/> x <paramref name="size"/> grid on [-extent, extent]^2 (row i at y_i, column j at x_j), for the toy plots.</summary>
    public double[,] CriticGrid(int size, double extent) => Training.CriticGrid.Evaluate(Critic, size, extent, Config.DType, Backend);

    private static void Apply(Optimizer optimizer, Tensor[] parameters, Tensor?[] grads)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i].Grad = grads[i];
        optimizer.Step();
        optimizer.ZeroGrad();
    }

    /// <summary>The configured optimizer; <paramref name="lazyRatio"/> c scales the learning rate and raises Adam's betas to the power c (StyleGAN2's lazy regularisation).</summary>
    private Optimizer CreateOptimizer(Module m, double lazyRatio)
    {
        var lr = Config.EffectiveLearningRate * lazyRatio;
        return Config.EffectiveOptimizer switch
        {
            "adam" => new Adam(m.NamedParameters(), lr, Math.Pow(Config.Beta1, lazyRatio), Math.Pow(Config.Beta2, lazyRatio)),
            "rmsprop" => new RmsProp(m.NamedParameters(), lr),
            _ => new Sgd(m.NamedParameters(), lr),
        };
    }

    private static (double Mean, double Std) MeanStd(double[] v)
    {
        if (v.Length == 0) return (double.NaN, double.NaN);
        var mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length));
    }

    /// <summary>An independent seed for stream <paramref name="index"/> of a run seeded by <paramref name="seed"/>.</summary>
    public static ulong Stream(ulong seed, int index) => CounterRng.Mix(CounterRng.Mix(seed) ^ (ulong)index);
}
