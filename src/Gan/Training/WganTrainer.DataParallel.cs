using System.Globalization;
using System.Text.Json;
using Engine.Autodiff;
using Engine.Distributed;
using Engine.Gan.Penalties;
using Engine.Tensors;

namespace Engine.Gan.Training;

public sealed partial class WganTrainer
{
    /// <summary>The data-parallel group this trainer is one rank of, or null for a single process.</summary>
    public DataParallel? Parallel { get; private set; }

    /// <summary>Samples per step in this process: the batch, or this rank's share of it.</summary>
    public int LocalBatch => Parallel?.Share.Count ?? Config.EffectiveBatch;

    private void JoinDataParallel(DataParallel parallel)
    {
        if (Regularizer is DraganPenalty)
            throw new ArgumentException("data-parallel: penalty 'dragan' scales its perturbation by the std of the whole real batch, which no rank sees; train it in one process");
        if (parallel.Share.Total != Config.EffectiveBatch)
            throw new ArgumentException($"data-parallel: the split is of {parallel.Share.Total} rows but the batch is {Config.EffectiveBatch}");
        parallel.RequireSameAsRoot("configuration", JsonSerializer.Serialize(Config, TrainConfigJson.Options), ConfigDifferences);
        Parallel = parallel;
        // The noise and penalty streams draw each rank's rows of the global fills (indexed by global
        // sample); the data stream draws the whole global batch on every rank, which then takes its rows.
        _noiseRng.Share = parallel.Share;
        _penaltyRng.Share = parallel.Share;
        BroadcastState();
    }

    /// <summary>
    /// Makes every rank hold rank 0's state: the weights and buffers of both networks (and the
    /// weight average), the optimizer slots, and checks that step counts, stream counters and the
    /// data cursor agree. Called when the group is joined and again after a checkpoint is loaded.
    /// </summary>
    public void BroadcastState()
    {
        if (Parallel is null) return;
        var arrays = Generator.StateDict().Concat(Critic.StateDict()).Select(t => t.Value.Data).ToList();
        if (GeneratorEma is not null) arrays.AddRange(GeneratorEma.StateDict().Select(t => t.Value.Data));
        foreach (var optimizer in new[] { GeneratorOptimizer, CriticOptimizer })
            arrays.AddRange(optimizer.State.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.Data));
        Parallel.RequireSameAsRoot("training state", StateDescription());
        BucketedAllReduce.Broadcast(Parallel.Collective, arrays, root: 0);
    }

    /// <summary>The settings in which this rank's configuration differs from rank 0's (given as JSON).</summary>
    private string ConfigDifferences(string rootJson)
    {
        var root = JsonSerializer.Deserialize<TrainConfig>(rootJson, TrainConfigJson.Options)!;
        return string.Join("; ", typeof(TrainConfig).GetProperties().Where(p => p.CanWrite)
            .Select(p => (p.Name, Here: p.GetValue(Config), Root: p.GetValue(root)))
            .Where(d => !Equals(d.Here, d.Root)).Select(d => $"{d.Name} {d.Here ?? "default"} here, {d.Root ?? "default"} on rank 0"));
    }

    private string StateDescription() => string.Create(CultureInfo.InvariantCulture,
        $"iteration {Iteration}, steps {GeneratorOptimizer.Steps}/{CriticOptimizer.Steps}, optimizer slots {GeneratorOptimizer.State.Count}/{CriticOptimizer.State.Count}, " +
        $"noise {_noiseRng.Counter}, penalty {_penaltyRng.Counter}, data {string.Join(",", Data.SaveState().OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))}");

    /// <summary>
    /// Every rank's SHA-256 of its weights, buffers and optimizer slots (hex, index = rank), on every
    /// rank: equal strings mean the replicas hold bitwise identical state. A single process gets its own.
    /// </summary>
    public string[] ReplicaFingerprints()
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var arrays = Generator.StateDict().Concat(Critic.StateDict()).Select(t => t.Value.Data)
            .Concat(new[] { GeneratorOptimizer, CriticOptimizer }.SelectMany(o => o.State.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.Data)));
        foreach (var a in arrays)
            sha.AppendData(a.ToArray() switch { float[] f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()), var d => System.Runtime.InteropServices.MemoryMarshal.AsBytes(((double[])d).AsSpan()) });
        var mine = sha.GetHashAndReset();
        var size = Parallel?.Collective.Size ?? 1;
        var rank = Parallel?.Collective.Rank ?? 0;
        // A gather built from a sum: each rank fills its own row of a zero table.
        var table = new double[size * mine.Length];
        for (var i = 0; i < mine.Length; i++) table[rank * mine.Length + i] = mine[i];
        Parallel?.Collective.AllReduceSum(table.AsSpan());
        return Enumerable.Range(0, size).Select(r => Convert.ToHexStringLower(table.Skip(r * mine.Length).Take(mine.Length).Select(v => (byte)v).ToArray())).ToArray();
    }

    private (double Loss, double Wasserstein, double Penalty, double GradNormMean, double GradNormStd) ParallelCriticStep(Tensor loss, Tensor wNeg, PenaltyTerm? term)
    {
        var p = Parallel!;
        var grads = Autograd.Grad([p.Weighted(loss)], _criticParams, allowUnused: true);
        Apply(CriticOptimizer, _criticParams, p.SumGradients(grads));
        Regularizer.AfterCriticStep(Critic);
        // Global statistics: weighted means sum to the global means; norms by their sums and squares.
        var norms = term?.GradNorms?.ToDoubleArray() ?? [];
        var w = p.Share.Weight;
        var sums = p.Sum(loss.Item() * w, wNeg.Item() * w, (term?.Value.Item() ?? 0) * w, norms.Sum(), norms.Sum(x => x * x), norms.Length);
        if (sums[5] == 0) return (sums[0], -sums[1], sums[2], double.NaN, double.NaN);
        var mean = sums[3] / sums[5];
        return (sums[0], -sums[1], sums[2], mean, Math.Sqrt(Math.Max(0, sums[4] / sums[5] - mean * mean)));
    }

    private double ParallelGeneratorStep(Tensor loss)
    {
        var p = Parallel!;
        Apply(GeneratorOptimizer, _generatorParams, p.SumGradients(Autograd.Grad([p.Weighted(loss)], _generatorParams)));
        UpdateEma();
        return p.Sum(loss.Item() * p.Share.Weight)[0];
    }
}
