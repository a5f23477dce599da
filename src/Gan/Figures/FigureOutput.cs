namespace Engine.Gan.Figures;

/// <summary>What a figure wrote and its headline numbers.</summary>
/// <param name="Files">Paths written (PNG first).</param>
/// <param name="Summary">One line per method or panel with its measured numbers.</param>
public sealed record FigureOutput(IReadOnlyList<string> Files, IReadOnlyList<string> Summary);
