using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.Gan.Training;

/// <summary>JSON form of <see cref="TrainConfig"/> (snake_case, enums as names) and the comparison a resume makes.</summary>
public static class TrainConfigJson
{
    /// <summary>Serializer options used for configs in checkpoints and summary.json.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Settings that differ between a checkpoint's run and the resuming run, except those a resume
    /// may change (the number of iterations, how often to log, evaluate or checkpoint, and where the data lives).
    /// Settings left to their defaults compare by the values the defaults stand for.
    /// </summary>
    public static List<string> Differences(TrainConfig saved, TrainConfig current)
    {
        // A default and the value it stands for are the same setting: '--lr 1e-4' resumes a run that took the default.
        static TrainConfig Comparable(TrainConfig c) => c with
        {
            Iters = 0, LogEvery = 1, CheckpointEvery = 0, EvalEvery = 0, DataDir = "",
            Lambda = c.EffectiveLambda, Batch = c.EffectiveBatch, Optimizer = c.EffectiveOptimizer,
            LearningRate = c.EffectiveLearningRate, Width = c.EffectiveWidth,
        };
        TrainConfig a = Comparable(saved), b = Comparable(current);
        var diffs = new List<string>();
        foreach (var p in typeof(TrainConfig).GetProperties())
        {
            if (!p.CanWrite) continue;
            object? x = p.GetValue(a), y = p.GetValue(b);
            if (!Equals(x, y)) diffs.Add($"{p.Name} was {x ?? "default"}, now {y ?? "default"}");
        }
        return diffs;
    }
}
