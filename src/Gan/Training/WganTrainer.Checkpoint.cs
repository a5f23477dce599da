using System.Globalization;
using System.Text.Json;
using Engine.Autodiff;
using Engine.Nn;
using Engine.Optim;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Gan.Training;

public sealed partial class WganTrainer
{
    /// <summary>The format tag written into every checkpoint's metadata.</summary>
    public const string CheckpointFormat = "engine.wgan.checkpoint/1";

    /// <summary>
    /// Writes the whole training state to a safetensors file, atomically (a temporary file renamed
    /// over the old one, so a crash leaves the previous checkpoint intact): generator and critic
    /// state dicts ("generator.l1.weight", "critic.l1.weight_u", ...), optimizer slots
    /// ("optimizer.critic.l1.weight.exp_avg"), and in the metadata the iteration, optimizer step
    /// counts, every random stream's counter, the data cursor and the configuration.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var tensors = new List<HostTensor>();
        void AddAll(string prefix, IEnumerable<(string Name, Tensor Value)> items)
        {
            foreach (var (name, t) in items) tensors.Add(HostCopy(prefix + name, t.Data));
        }
        AddAll("generator.", Generator.StateDict());
        AddAll("critic.", Critic.StateDict());
        if (GeneratorEma is not null) AddAll("generator_ema.", GeneratorEma.StateDict());
        AddAll("optimizer.generator.", GeneratorOptimizer.State.Select(kv => (kv.Key, kv.Value)));
        AddAll("optimizer.critic.", CriticOptimizer.State.Select(kv => (kv.Key, kv.Value)));

        var meta = new Dictionary<string, string>
        {
            ["format"] = CheckpointFormat,
            ["iteration"] = Iteration.ToString(CultureInfo.InvariantCulture),
            ["optimizer.generator.steps"] = GeneratorOptimizer.Steps.ToString(CultureInfo.InvariantCulture),
            ["optimizer.critic.steps"] = CriticOptimizer.Steps.ToString(CultureInfo.InvariantCulture),
            ["rng.noise.counter"] = _noiseRng.Counter.ToString(CultureInfo.InvariantCulture),
            ["rng.penalty.counter"] = _penaltyRng.Counter.ToString(CultureInfo.InvariantCulture),
            ["config"] = JsonSerializer.Serialize(Config, TrainConfigJson.Options),
        };
        foreach (var (key, value) in Data.SaveState()) meta["data." + key] = value.ToString(CultureInfo.InvariantCulture);
        SafeTensors.Save(path, tensors, meta);
    }

    // The host copies of the last checkpoint, by name, refilled by the next one: a checkpoint every
    // few hundred iterations would otherwise leave megabytes of arrays on the large-object heap
    // each time, which only a full collection frees, and the resident set would grow between them.
    private readonly Dictionary<string, Array> _checkpointHost = new(StringComparer.Ordinal);

    private HostTensor HostCopy(string name, NDArray value)
    {
        if (!_checkpointHost.TryGetValue(name, out var host) || host.Length != value.Numel ||
            host.GetType() != (value.DType == DType.Float64 ? typeof(double[]) : typeof(float[])))
            _checkpointHost[name] = host = value.DType == DType.Float64 ? new double[value.Numel] : new float[value.Numel];
        value.Backend.Download(value, host);
        return new HostTensor(name, value.DType, value.Shape, host);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer, which must
    /// have been built from the same configuration. Every tensor is checked (present, shape, dtype)
    /// before anything is overwritten, so a bad file leaves the trainer as it was.
    /// </summary>
    /// <exception cref="MalformedFileException">The file is not a checkpoint of this configuration, or a tensor is missing, misshapen or not finite (the message names it).</exception>
    public void LoadCheckpoint(string path)
    {
        var file = SafeTensors.Load(path);
        MalformedFileException Bad(string message, Exception? inner = null) => new(path, $"checkpoint '{path}': {message}", inner);
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v) ? v
            : throw Bad($"metadata lacks '{key}' (not a checkpoint written by engine train?)");
        long Number(string key) => long.TryParse(Meta(key), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw Bad($"metadata '{key}' = '{Excerpt(Meta(key))}' is not a non-negative integer");
        if (Meta("format") != CheckpointFormat)
            throw Bad($"format '{Excerpt(Meta("format"))}', expected '{CheckpointFormat}'");
        TrainConfig saved;
        try
        {
            saved = JsonSerializer.Deserialize<TrainConfig>(Meta("config"), TrainConfigJson.Options) ?? throw Bad("metadata 'config' is null, expected the run's configuration object");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw Bad($"metadata 'config' is not a run configuration: {e.Message}", e);
        }
        var mismatch = TrainConfigJson.Differences(saved, Config);
        if (mismatch.Count > 0)
            throw Bad($"was written by a different run configuration: {string.Join("; ", mismatch)}");

        // Check everything first, then write: a half-loaded trainer is worse than an error.
        var writes = new List<(Tensor Target, HostTensor Source)>();
        void Match(string prefix, IEnumerable<(string Name, Tensor Value)> items)
        {
            foreach (var (name, t) in items)
            {
                var key = prefix + name;
                if (!file.Tensors.TryGetValue(key, out var h))
                    throw Bad($"tensor '{key}' is missing");
                if (!h.Shape.SequenceEqual(t.Shape) || h.DType != t.DType)
                    throw Bad($"tensor '{key}' is {h.DType.Name()} {Shape.Format(h.Shape)}, the model expects {t.DType.Name()} {t.ShapeString}");
                if (FirstNonFinite(h) is { } at)
                    throw Bad($"tensor '{key}' holds {at.Value} at element {at.Index}; expected finite weights");
                writes.Add((t, h));
            }
        }
        Match("generator.", Generator.StateDict());
        Match("critic.", Critic.StateDict());
        if (GeneratorEma is not null) Match("generator_ema.", GeneratorEma.StateDict());
        long genSteps = Number("optimizer.generator.steps"), criticSteps = Number("optimizer.critic.steps");
        var genState = OptimizerState(file, "optimizer.generator.", GeneratorOptimizer, genSteps, path);
        var criticState = OptimizerState(file, "optimizer.critic.", CriticOptimizer, criticSteps, path);
        var iteration = Number("iteration");
        var dataState = file.Metadata.Where(kv => kv.Key.StartsWith("data.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[5..], kv => Number(kv.Key));
        ulong noise = (ulong)Number("rng.noise.counter"), penalty = (ulong)Number("rng.penalty.counter");
        if (iteration > Config.Iters)
            throw Bad($"iteration {iteration} is beyond the configured {Config.Iters} iterations");
        var matched = writes.Select(w => w.Source.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = file.Names.Where(n => !matched.Contains(n) && !n.StartsWith("optimizer.", StringComparison.Ordinal)).ToArray();
        if (unknown.Length > 0)
            throw Bad($"holds tensors this run does not have: {string.Join(", ", unknown.Take(5))}");

        // The data cursor is restored into a copy first, so that a bad one leaves the trainer as it was.
        try
        {
            Data.WithSeed(0).LoadState(dataState);
        }
        catch (InvalidDataException e)
        {
            throw Bad($"data state: {e.Message}", e);
        }
        foreach (var (target, source) in writes) Backend.Copy(source.ToNDArray(Backend), target.Data);
        GeneratorOptimizer.LoadState(genState, genSteps);
        CriticOptimizer.LoadState(criticState, criticSteps);
        Data.LoadState(dataState);
        _noiseRng.Advance(noise - _noiseRng.Counter);
        _penaltyRng.Advance(penalty - _penaltyRng.Counter);
        Iteration = (int)iteration;
        BroadcastState(); // data-parallel: every rank continues from rank 0's copy of this state
    }

    private static (int Index, double Value)? FirstNonFinite(HostTensor h)
    {
        switch (h.Data)
        {
            case float[] f:
                for (var i = 0; i < f.Length; i++) if (!float.IsFinite(f[i])) return (i, f[i]);
                return null;
            case double[] d:
                for (var i = 0; i < d.Length; i++) if (!double.IsFinite(d[i])) return (i, d[i]);
                return null;
            default:
                return null;
        }
    }

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private Dictionary<string, Tensor> OptimizerState(SafeTensorsFile file, string prefix, Optimizer optimizer, long steps, string path)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (key, h) in file.Tensors)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            state[key[prefix.Length..]] = new Tensor(h.ToNDArray(Backend));
        }
        try
        {
            optimizer.ValidateState(state, steps);
        }
        catch (InvalidDataException e)
        {
            throw new MalformedFileException(path, $"checkpoint '{path}': {e.Message}", e);
        }
        return state;
    }
}
