using System.Globalization;
using System.Text;

namespace Engine.Autodiff.Inspection;

public sealed partial class GraphProfile
{
    /// <summary>
    /// The profile as fixed-width text: a table of passes with a total row, then the ops of each
    /// pass (with their GFLOP/s and GB/s), then the modules (layers) of each pass. FLOPs and bytes use SI/binary prefixes, time is in milliseconds.
    /// </summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Row("pass", "ops", "nodes", "flops", "bytes", "time ms", "peak saved", "live saved"));
        foreach (var p in Passes)
            sb.AppendLine(Row(p.PassName, N(p.Ops), N(p.Nodes), Si(p.Flops), Binary(p.Bytes), Ms(p.Seconds), Binary(p.PeakSavedBytes), Binary(p.LiveSavedBytes)));
        var t = Total;
        sb.AppendLine(Row("total", N(t.Ops), N(t.Nodes), Si(t.Flops), Binary(t.Bytes), Ms(t.Seconds), Binary(t.PeakSavedBytes), Binary(t.LiveSavedBytes)));
        sb.AppendLine();
        sb.AppendLine(Row("pass / op", "count", "nodes", "flops", "bytes", "time ms", "GFLOP/s", "GB/s").TrimEnd());
        foreach (var o in Ops)
            sb.AppendLine(Row($"{PassNames.Describe(o.Pass)} / {o.Op}", N(o.Count), N(o.Nodes), Si(o.Flops), Binary(o.Bytes), Ms(o.Seconds),
                Rate(o.Flops, o.Seconds), Rate(o.Bytes, o.Seconds)).TrimEnd());
        if (Modules.Count == 0) return sb.ToString();
        sb.AppendLine();
        sb.AppendLine(Row("pass / module", "ops", "nodes", "flops", "bytes", "time ms", "peak saved", "").TrimEnd());
        foreach (var m in Modules)
            sb.AppendLine(Row($"{PassNames.Describe(m.Pass)} / {m.Module}", N(m.Count), N(m.Nodes), Si(m.Flops), Binary(m.Bytes), Ms(m.Seconds), Binary(m.PeakSavedBytes), "").TrimEnd());
        return sb.ToString();
    }

    private static string Row(string name, string a, string b, string c, string d, string e, string f, string g) =>
        $"{name,-34} {a,8} {b,8} {c,10} {d,11} {e,10} {f,11} {g,11}";

    /// <summary>Giga-units per second: how close an op runs to the FMA peak (FLOPs) or to memory bandwidth (bytes).</summary>
    private static string Rate(long amount, double seconds) =>
        amount == 0 || seconds <= 0 ? "" : (amount / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture);

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F3", CultureInfo.InvariantCulture);

    private static string Si(long v) => Scaled(v, 1000, ["", " k", " M", " G", " T", " P"]);

    private static string Binary(long v) => Scaled(v, 1024, [" B", " KiB", " MiB", " GiB", " TiB", " PiB"]);

    private static string Scaled(long v, double step, string[] units)
    {
        double x = v;
        var i = 0;
        while (Math.Abs(x) >= step && i < units.Length - 1) { x /= step; i++; }
        return (i == 0 ? v.ToString(CultureInfo.InvariantCulture) : x.ToString("F2", CultureInfo.InvariantCulture)) + units[i];
    }
}
