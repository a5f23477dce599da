namespace Engine.Autodiff.Inspection;

/// <summary>Human names of graph passes (the <see cref="Node.Pass"/> numbers).</summary>
public static class PassNames
{
    /// <summary>"forward" (0), "backward" (1), "double backward" (2), "pass n" beyond.</summary>
    public static string Describe(int pass) => pass switch
    {
        0 => "forward",
        1 => "backward",
        2 => "double backward",
        _ => $"pass {pass}",
    };
}
