using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Gan.Training;

/// <summary>
/// metrics.jsonl: one JSON object per logged iteration. On resume the lines of iterations at or
/// after the checkpoint's are dropped, so the file reads as if the run had never stopped.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;

    // No byte-order mark: each line must parse as JSON on its own (json.loads rejects a BOM).
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Opens the log at <paramref name="path"/>; keeps only lines of iterations before <paramref name="keepBefore"/> (0: start afresh).</summary>
    public MetricsLog(string path, int keepBefore)
    {
        _path = path;
        var kept = new List<string>();
        if (keepBefore > 0 && File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    var iter = JsonNode.Parse(line)?["iter"]?.GetValue<int>();
                    if (iter is { } i && i < keepBefore) kept.Add(line);
                }
                catch (JsonException) { } // a line cut short by a kill: dropped
            }
        }
        File.WriteAllLines(path, kept);
        History.AddRange(kept.Select(Parse).OfType<IterationStats>());
    }

    /// <summary>Every logged iteration so far (including those kept from before a resume).</summary>
    public List<IterationStats> History { get; } = [];

    /// <summary>Appends one line.</summary>
    public void Append(IterationStats s)
    {
        History.Add(s);
        var o = new JsonObject
        {
            ["iter"] = s.Iteration,
            ["critic_loss"] = Number(s.CriticLoss),
            ["gen_loss"] = Number(s.GenLoss),
            ["wasserstein"] = Number(s.Wasserstein),
            ["penalty"] = Number(s.Penalty),
            ["grad_norm_mean"] = Number(s.GradNormMean),
            ["grad_norm_std"] = Number(s.GradNormStd),
            ["seconds"] = Math.Round(s.Seconds, 3),
        };
        AddEval(o, "", s.Eval);
        AddEval(o, "ema_", s.EvalEma);
        File.AppendAllText(_path, o.ToJsonString() + "\n", NoBom);
    }

    private static void AddEval(JsonObject o, string prefix, Evaluation? e)
    {
        if (e is null) return;
        if (e.ModesCovered is { } m) o[prefix + "modes_covered"] = m;
        if (e.HighQualityFraction is { } hq) o[prefix + "high_quality_fraction"] = hq;
        o[prefix + "mmd2"] = Number(e.Mmd2);
        if (e.Digits is { } d)
        {
            o[prefix + "classes_covered"] = d.ClassesCovered;
            o[prefix + "kl_uniform"] = Number(d.KlToUniform);
            o[prefix + "mean_max_softmax"] = Number(d.MeanMaxSoftmax);
            o[prefix + "frechet_distance"] = Number(d.FrechetDistance);
        }
    }

    private static Evaluation? ReadEval(JsonNode o, string prefix)
    {
        if (o[prefix + "mmd2"] is not JsonValue mmd || !mmd.TryGetValue<double>(out var m2)) return null;
        int? modes = o[prefix + "modes_covered"]?.GetValue<int>();
        double? hq = o[prefix + "high_quality_fraction"]?.GetValue<double>();
        double D(string k) => o[prefix + k] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
        var digits = o[prefix + "classes_covered"] is JsonValue c && c.TryGetValue<int>(out var classes)
            ? new Metrics.DigitQuality(0, classes, D("kl_uniform"), D("mean_max_softmax"), D("frechet_distance")) : null;
        return new Evaluation(0, modes, null, hq, m2, double.NaN) { Digits = digits };
    }

    // JSON has no NaN: an undefined value (the generator loss at iteration 0) is written as null.
    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static IterationStats? Parse(string line)
    {
        var o = JsonNode.Parse(line)!;
        double D(string k) => o[k] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
        return new IterationStats(o["iter"]!.GetValue<int>(), D("critic_loss"), D("gen_loss"), D("wasserstein"), D("penalty"),
            D("grad_norm_mean"), D("grad_norm_std"), D("seconds")) { Eval = ReadEval(o, ""), EvalEma = ReadEval(o, "ema_") };
    }
}
