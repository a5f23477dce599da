namespace Engine.Gan.Figures;

/// <summary>Where a figure's computation stands: <paramref name="Done"/> of <paramref name="Total"/> steps, now in <paramref name="Stage"/>.</summary>
/// <param name="Stage">What is being trained, e.g. "clip c=0.01".</param>
/// <param name="Done">Steps finished over all stages.</param>
/// <param name="Total">Steps over all stages.</param>
public readonly record struct FigureProgress(string Stage, int Done, int Total);
