using Engine.Gan.Penalties;
using System.Text.Json.Nodes;
using Engine.Gan.Bench;

namespace Engine.Cli;

/// <summary>The machine-readable part of <c>engine bench</c>: per model plain_ms, gp_ms, ratio, and every penalty.</summary>
internal static class BenchJson
{
    public static JsonObject Model(List<BenchResult> results, double peak)
    {
        var plain = results[0];
        var o = new JsonObject
        {
            ["batch"] = plain.Case.Batch,
            ["plain_ms"] = Round(plain.Timings.MedianMs),
            ["plain_gflop"] = Round(plain.Cost.Flops / 1e9),
        };
        var gp = results.FirstOrDefault(r => r.Case.Penalty == Regularizers.Gp.Name);
        if (gp is not null)
        {
            o["gp_ms"] = Round(gp.Timings.MedianMs);
            o["ratio"] = Round(gp.Timings.MedianMs / plain.Timings.MedianMs);
            o["flop_ratio"] = Round(gp.Cost.Flops / plain.Cost.Flops);
        }
        var penalties = new JsonObject();
        foreach (var r in results)
        {
            var seconds = r.Timings.MedianMs / 1e3;
            penalties[r.Case.Penalty == Regularizers.None.Name ? "plain" : r.Case.Penalty] = new JsonObject
            {
                ["median_ms"] = Round(r.Timings.MedianMs), ["p10_ms"] = Round(r.Timings.P10Ms), ["p90_ms"] = Round(r.Timings.P90Ms),
                ["samples"] = r.Timings.Samples,
                ["ratio"] = Round(r.Timings.MedianMs / plain.Timings.MedianMs),
                ["flop_ratio"] = Round(r.Cost.Flops / plain.Cost.Flops),
                ["gflop"] = Round(r.Cost.Flops / 1e9), ["mbytes"] = Round(r.Cost.Bytes / 1e6),
                ["gflops_per_s"] = Round(r.Cost.Flops / 1e9 / seconds), ["peak_fraction"] = double.IsNaN(peak) ? null : Round(r.Cost.Flops / 1e9 / seconds / peak),
                ["gflop_by_pass"] = new JsonArray(r.Cost.FlopsByPass.Select(f => (JsonNode?)JsonValue.Create(Round(f / 1e9))).ToArray()),
            };
        }
        o["penalties"] = penalties;
        return o;
    }

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : 0;
}
