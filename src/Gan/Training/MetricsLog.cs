using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Tensors.Formats;

namespace Engine.Gan.Training;

/// <summary>
/// metrics.jsonl: one JSON object per logged iteration. On resume the lines of iterations at or
/// after the checkpoint's are dropped, so the file reads as if the run had never stopped. The file
/// is never rewritten in place: the kept lines go to a temporary file renamed over it (a kill
/// leaves the old file or the new one), and each iteration is appended.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>The largest metrics file read on resume (a 100,000-iteration run logging every iteration writes about 30 MB).</summary>
    public const long MaxFileBytes = 1L << 28;

    private readonly string _path;

    // No byte-order mark: each line must parse as JSON on its own (json.loads rejects a BOM).
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Opens the log at <paramref name="path"/>; keeps only lines of iterations before <paramref name="keepBefore"/> (0: start afresh).</summary>
    /// <exception cref="MalformedFileException">A line other than a last one cut short is not a metrics object, or the iterations do not increase.</exception>
    public MetricsLog(string path, int keepBefore)
    {
        _path = path;
        var kept = keepBefore > 0 && File.Exists(path) ? Read(path).Where(l => l.Stats.Iteration < keepBefore).ToList() : [];
        AtomicFile.WriteAllBytes(path, NoBom.GetBytes(string.Concat(kept.Select(l => l.Text + "\n"))));
        History.AddRange(kept.Select(l => l.Stats));
    }

    /// <summary>
    /// The lines of a metrics file with what they hold. A last line without its newline was cut short
    /// by a kill and is dropped; any other line that does not parse is refused, naming its number.
    /// </summary>
    /// <exception cref="MalformedFileException">The file is too large, a line is not a metrics object, or the iterations do not increase.</exception>
    public static List<(string Text, IterationStats Stats)> Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new MalformedFileException(path, $"metrics '{path}' is {length} bytes, more than the {MaxFileBytes} a metrics log may hold");
        var text = File.ReadAllText(path, NoBom);
        var lines = text.Split('\n');
        var result = new List<(string, IterationStats)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            IterationStats stats;
            try
            {
                stats = Parse(line);
            }
            catch (MetricsLineException e)
            {
                if (i == lines.Length - 1) break; // no newline after it: a line cut short by a kill
                throw new MalformedFileException(path, $"metrics '{path}' line {i + 1}: {e.Message}");
            }
            if (result.Count > 0 && stats.Iteration <= result[^1].Item2.Iteration)
                throw new MalformedFileException(path,
                    $"metrics '{path}' line {i + 1}: iteration {stats.Iteration} follows iteration {result[^1].Item2.Iteration} (expected increasing iterations: did two runs write this file?)");
            result.Add((line, stats));
        }
        return result;
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

    private static Evaluation? ReadEval(JsonObject o, string prefix)
    {
        if (!o.ContainsKey(prefix + "mmd2")) return null;
        var m2 = Real(o, prefix + "mmd2");
        double D(string k) => Real(o, prefix + k);
        var classes = Count(o, prefix + "classes_covered");
        var digits = classes is { } c ? new Metrics.DigitQuality(0, c, D("kl_uniform"), D("mean_max_softmax"), D("frechet_distance")) : null;
        var hq = o.ContainsKey(prefix + "high_quality_fraction") ? D("high_quality_fraction") : (double?)null;
        return new Evaluation(0, Count(o, prefix + "modes_covered"), null, hq, m2, double.NaN) { Digits = digits };
    }

    // JSON has no NaN: an undefined value (the generator loss at iteration 0) is written as null.
    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>One line as written by <see cref="Append"/>: an object with a non-negative integer "iter" and numbers (or null) for the rest.</summary>
    private static IterationStats Parse(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new MetricsLineException($"not valid JSON: {e.Message}");
        }
        if (node is not JsonObject o) throw new MetricsLineException($"expected a JSON object, found {Excerpt(line)}");
        try
        {
            var iter = Count(o, "iter") ?? throw new MetricsLineException("it has no \"iter\"");
            double D(string k) => Real(o, k);
            return new IterationStats(iter, D("critic_loss"), D("gen_loss"), D("wasserstein"), D("penalty"),
                D("grad_norm_mean"), D("grad_norm_std"), D("seconds")) { Eval = ReadEval(o, ""), EvalEma = ReadEval(o, "ema_") };
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
        {
            // A key or value whose escapes do not decode (a lone UTF-16 surrogate), or a repeated key.
            throw new MetricsLineException($"does not decode: {e.Message}");
        }
    }

    /// <summary>A number, or NaN for null or a missing key (JSON has no NaN: undefined values are written as null).</summary>
    private static double Real(JsonObject o, string key) => o[key] switch
    {
        null => double.NaN,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) => d,
        var other => throw new MetricsLineException($"\"{key}\" is {Excerpt(other.ToJsonString())}, expected a number or null"),
    };

    /// <summary>A non-negative integer, or null for a missing key.</summary>
    private static int? Count(JsonObject o, string key) => o[key] switch
    {
        null when !o.ContainsKey(key) => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i >= 0 => i,
        var other => throw new MetricsLineException($"\"{key}\" is {Excerpt(other?.ToJsonString() ?? "null")}, expected a non-negative integer"),
    };

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private sealed class MetricsLineException(string message) : Exception(message);
}
