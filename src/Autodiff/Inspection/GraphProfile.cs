using System.Text.Json;

namespace Engine.Autodiff.Inspection;

/// <summary>Totals of one pass in a <see cref="GraphProfile"/>.</summary>
/// <param name="Pass">0 forward, 1 backward, 2 backward of the backward, ...</param>
/// <param name="PassName">"forward", "backward", "double backward" or "pass n".</param>
/// <param name="Ops">Ops executed.</param>
/// <param name="Nodes">Ops that recorded a node.</param>
/// <param name="Flops">Modelled FLOPs (<see cref="OpCost"/>).</param>
/// <param name="Bytes">Modelled bytes read and written.</param>
/// <param name="Seconds">Wall time charged to the pass's ops (see <see cref="PassProfiler"/>).</param>
/// <param name="PeakSavedBytes">Highest live bytes of tensors saved by this pass's nodes.</param>
/// <param name="LiveSavedBytes">Bytes of this pass's saved tensors still live at the snapshot.</param>
public sealed record PassStats(int Pass, string PassName, long Ops, long Nodes, long Flops, long Bytes, double Seconds,
    long PeakSavedBytes, long LiveSavedBytes);

/// <summary>Totals of one op name within one pass.</summary>
/// <param name="Pass">The pass.</param>
/// <param name="Op">The op's name.</param>
/// <param name="Count">Times it ran.</param>
/// <param name="Nodes">Times it recorded a node.</param>
/// <param name="Flops">Modelled FLOPs.</param>
/// <param name="Bytes">Modelled bytes.</param>
/// <param name="Seconds">Wall time charged to it.</param>
public sealed record OpStats(int Pass, string Op, long Count, long Nodes, long Flops, long Bytes, double Seconds);

/// <summary>Totals of one module (layer) within one pass: what that layer's forward, backward or double backward cost.</summary>
/// <param name="Pass">The pass.</param>
/// <param name="Module">The module's name ("l2", "conv3"), or "(no module)" for ops outside every module.</param>
/// <param name="Count">Ops run.</param>
/// <param name="Nodes">Ops that recorded a node.</param>
/// <param name="Flops">Modelled FLOPs.</param>
/// <param name="Bytes">Modelled bytes.</param>
/// <param name="Seconds">Wall time charged to its ops.</param>
/// <param name="PeakSavedBytes">Highest live bytes of tensors saved by its nodes of this pass.</param>
public sealed record ModuleStats(int Pass, string Module, long Count, long Nodes, long Flops, long Bytes, double Seconds, long PeakSavedBytes);

/// <summary>Totals over all passes.</summary>
/// <param name="Ops">Ops executed.</param>
/// <param name="Nodes">Ops that recorded a node.</param>
/// <param name="Flops">Modelled FLOPs.</param>
/// <param name="Bytes">Modelled bytes.</param>
/// <param name="Seconds">Wall time charged to ops.</param>
/// <param name="PeakSavedBytes">Highest live saved bytes, all passes together.</param>
/// <param name="LiveSavedBytes">Saved bytes still live at the snapshot.</param>
public sealed record ProfileTotals(long Ops, long Nodes, long Flops, long Bytes, double Seconds, long PeakSavedBytes, long LiveSavedBytes);

/// <summary>What a <see cref="PassProfiler"/> measured: one row per pass, one per (pass, op), and totals.</summary>
public sealed partial class GraphProfile
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    internal GraphProfile(IReadOnlyList<PassStats> passes, IReadOnlyList<OpStats> ops, ProfileTotals total)
    {
        Passes = passes;
        Ops = ops;
        Total = total;
    }

    /// <summary>One row per pass that ran an op, in pass order.</summary>
    public IReadOnlyList<PassStats> Passes { get; }

    /// <summary>One row per op name and pass, by pass then FLOPs (highest first).</summary>
    public IReadOnlyList<OpStats> Ops { get; }

    /// <summary>Totals over all passes.</summary>
    public ProfileTotals Total { get; }

    /// <summary>One row per module and pass, by pass then FLOPs (highest first).</summary>
    public IReadOnlyList<ModuleStats> Modules { get; internal init; } = [];

    /// <summary>The row of <paramref name="pass"/>, or an all-zero row when no op ran in it.</summary>
    public PassStats ForPass(int pass) =>
        Passes.FirstOrDefault(p => p.Pass == pass) ?? new PassStats(pass, PassNames.Describe(pass), 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The profile as indented JSON with snake_case names ("passes", "ops", "modules", "total", "peak_saved_bytes", ...).</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Passes, Ops, Modules, Total }, JsonOptions);
}
