using Engine.Autodiff.Inspection;

namespace Engine.Gan.Bench;

/// <summary>
/// What one step costs by the graph's own count (<see cref="OpCost"/>: every executed op reports
/// its FLOPs and bytes), in total and by pass (0 forward, 1 backward, 2 backward of the backward):
/// the cost a perfect implementation would pay, to set measured times against.
/// </summary>
/// <param name="Flops">Floating-point operations of the step.</param>
/// <param name="Bytes">Bytes read and written by its ops.</param>
/// <param name="FlopsByPass">FLOPs of pass 0, 1, 2, ...</param>
/// <param name="Profile">The full per-pass profile of the counted step.</param>
public sealed record StepCost(double Flops, double Bytes, double[] FlopsByPass, GraphProfile Profile)
{
    /// <summary>Runs <paramref name="step"/> once under a <see cref="PassProfiler"/> and sums its cost.</summary>
    public static StepCost Measure(Action step)
    {
        var profile = PassProfiler.Run(step);
        var passes = profile.Passes.Count == 0 ? 0 : profile.Passes.Max(p => p.Pass) + 1;
        var byPass = new double[passes];
        foreach (var p in profile.Passes) byPass[p.Pass] += p.Flops;
        return new StepCost(profile.Total.Flops, profile.Total.Bytes, byPass, profile);
    }
}
