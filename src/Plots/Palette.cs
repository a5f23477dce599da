namespace Engine.Plots;

/// <summary>
/// Series colours as hex strings (matplotlib's "tab10", which ScottPlot's Category10 palette also is), so callers
/// name a colour without depending on a drawing library's colour type.
/// </summary>
public static class Palette
{
    /// <summary>Blue, the first colour of the cycle.</summary>
    public const string Blue = "#1f77b4";

    /// <summary>Orange: real samples in the sample plots.</summary>
    public const string Orange = "#ff7f0e";

    /// <summary>Green: generated samples in the sample plots.</summary>
    public const string Green = "#2ca02c";

    /// <summary>Red.</summary>
    public const string Red = "#d62728";

    /// <summary>Purple: the weight average's curves.</summary>
    public const string Purple = "#9467bd";

    private static readonly string[] Cycle = [Blue, Orange, Green, Red, Purple, "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The <paramref name="index"/>-th colour of the cycle (wrapping around).</summary>
    public static string At(int index) => Cycle[((index % Cycle.Length) + Cycle.Length) % Cycle.Length];
}
