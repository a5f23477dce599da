namespace Engine.Gan.Plots;

/// <summary>How a legend entry shows its colour.</summary>
public enum LegendSymbol
{
    /// <summary>A short horizontal line, for curves.</summary>
    Line,

    /// <summary>A filled dot, for scatter plots.</summary>
    Dot,
}

/// <summary>One legend row: a label and the colour it stands for.</summary>
/// <param name="Label">Text shown next to the symbol.</param>
/// <param name="Color">Colour of the symbol.</param>
public readonly record struct LegendEntry(string Label, Rgb Color);

/// <summary>A boxed list of labelled colour symbols.</summary>
public static class Legend
{
    private const int RowHeight = 12, SymbolWidth = 16, Padding = 5;

    /// <summary>The size in pixels of the legend box for <paramref name="entries"/>.</summary>
    public static (int Width, int Height) Measure(IReadOnlyList<LegendEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int text = entries.Count == 0 ? 0 : entries.Max(e => Canvas.MeasureText(e.Label).Width);
        return (2 * Padding + SymbolWidth + 4 + text, 2 * Padding + entries.Count * RowHeight - 5);
    }

    /// <summary>Draws the legend with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>) on a mostly opaque white box.</summary>
    public static void Draw(Canvas canvas, int left, int top, IReadOnlyList<LegendEntry> entries, LegendSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            return;
        var (width, height) = Measure(entries);
        canvas.BlendRect(left, top, width, height, Rgb.White, 0.85);
        canvas.DrawRect(left, top, width, height, Rgb.Gray);
        for (int i = 0; i < entries.Count; i++)
        {
            int rowTop = top + Padding + i * RowHeight;
            int middle = rowTop + 3;
            if (symbol == LegendSymbol.Line)
                canvas.DrawLine(left + Padding, middle, left + Padding + SymbolWidth, middle, entries[i].Color, 2);
            else
                canvas.FillCircle(left + Padding + SymbolWidth / 2.0, middle + 0.5, 3.5, entries[i].Color);
            canvas.DrawText(left + Padding + SymbolWidth + 4, rowTop, entries[i].Label, Rgb.DarkGray);
        }
    }
}
