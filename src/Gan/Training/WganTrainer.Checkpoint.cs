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
            foreach (var (name, t) in items) tensors.Add(HostTensor.FromNDArray(prefix + name, t.Data));
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

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer, which must
    /// have been built from the same configuration. Every tensor is checked (present, shape, dtype)
    /// before anything is overwritten, so a bad file leaves the trainer as it was.
    /// </summary>
    public void LoadCheckpoint(string path)
    {
        var file = SafeTensors.Load(path);
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v) ? v
            : throw new InvalidDataException($"checkpoint '{path}': metadata lacks '{key}' (not a checkpoint written by engine train?)");
        long Number(string key) => long.TryParse(Meta(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
            : throw new InvalidDataException($"checkpoint '{path}': metadata '{key}' = '{Meta(key)}' is not a non-negative integer");
        if (Meta("format") != CheckpointFormat)
            throw new InvalidDataException($"checkpoint '{path}': format '{Meta("format")}', expected '{CheckpointFormat}'");
        var saved = JsonSerializer.Deserialize<TrainConfig>(Meta("config"), TrainConfigJson.Options)
            ?? throw new InvalidDataException($"checkpoint '{path}': empty configuration");
        var mismatch = TrainConfigJson.Differences(saved, Config);
        if (mismatch.Count > 0)
            throw new InvalidDataException($"checkpoint '{path}' was written by a different run configuration: {string.Join("; ", mismatch)}");

        // Check everything first, then write: a half-loaded trainer is worse than an error.
        var writes = new List<(Tensor Target, HostTensor Source)>();
        void Match(string prefix, IEnumerable<(string Name, Tensor Value)> items)
        {
            foreach (var (name, t) in items)
            {
                var key = prefix + name;
                if (!file.Tensors.TryGetValue(key, out var h))
                    throw new InvalidDataException($"checkpoint '{path}': tensor '{key}' is missing");
                if (!h.Shape.SequenceEqual(t.Shape) || h.DType != t.DType)
                    throw new InvalidDataException($"checkpoint '{path}': tensor '{key}' is {h.DType.Name()} {Shape.Format(h.Shape)}, the model expects {t.DType.Name()} {t.ShapeString}");
                writes.Add((t, h));
            }
        }
        Match("generator.", Generator.StateDict());
        Match("critic.", Critic.StateDict());
        if (GeneratorEma is not null) Match("generator_ema.", GeneratorEma.StateDict());
        var genState = OptimizerState(file, "optimizer.generator.", GeneratorOptimizer, path);
        var criticState = OptimizerState(file, "optimizer.critic.", CriticOptimizer, path);
        var iteration = Number("iteration");
        var dataState = file.Metadata.Where(kv => kv.Key.StartsWith("data.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[5..], kv => Number(kv.Key));
        long genSteps = Number("optimizer.generator.steps"), criticSteps = Number("optimizer.critic.steps");
        ulong noise = (ulong)Number("rng.noise.counter"), penalty = (ulong)Number("rng.penalty.counter");
        if (iteration > Config.Iters)
            throw new InvalidDataException($"checkpoint '{path}': iteration {iteration} is beyond the configured {Config.Iters} iterations");

        foreach (var (target, source) in writes) Backend.Copy(source.ToNDArray(Backend), target.Data);
        GeneratorOptimizer.LoadState(genState, genSteps);
        CriticOptimizer.LoadState(criticState, criticSteps);
        Data.LoadState(dataState);
        _noiseRng.Advance(noise - _noiseRng.Counter);
        _penaltyRng.Advance(penalty - _penaltyRng.Counter);
        Iteration = (int)iteration;
        BroadcastState(); // data-parallel: every rank continues from rank 0's copy of this state
    }

    private Dictionary<string, Tensor> OptimizerState(SafeTensorsFile file, string prefix, Optimizer optimizer, string path)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (key, h) in file.Tensors)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            state[key[prefix.Length..]] = new Tensor(h.ToNDArray(Backend));
        }
        try
        {
            optimizer.ValidateState(state);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"checkpoint '{path}': {e.Message}", e);
        }
        return state;
    }
}
