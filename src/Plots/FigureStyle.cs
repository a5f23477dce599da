using ScottPlot;
using SkiaSharp;

namespace Engine.Plots;

/// <summary>The look shared by every figure: a sans-serif font that is installed here, title and label sizes, grey frames.</summary>
internal static class FigureStyle
{
    /// <summary>Height of the band above a multi-panel figure that holds its title, in pixels.</summary>
    public const int HeaderHeight = 44;

    /// <summary>Font size of a figure title (one plot, or the band over several).</summary>
    public const float TitleSize = 20;

    /// <summary>Font size of a panel title inside a multi-panel figure.</summary>
    public const float PanelTitleSize = 15;

    /// <summary>Font size of axis titles.</summary>
    public const float LabelSize = 14;

    // ScottPlot's default family here resolves to a serif face; figures read better in a sans one. The first
    // installed of these wins (DejaVu is what Debian and most Linux images ship); none installed keeps ScottPlot's.
    private static readonly string[] SansFamilies = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans"];

    /// <summary>The font family every figure uses.</summary>
    public static string FontFamily { get; } = SansFamilies.FirstOrDefault(IsInstalled) ?? Fonts.Default;

    /// <summary>A new plot in the shared style.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Axes.FrameColor(Colors.DimGray);
        return plot;
    }

    /// <summary>The typeface for text drawn with SkiaSharp directly (figure title bands, image grids).</summary>
    public static SKTypeface Typeface(bool bold) =>
        SKTypeface.FromFamilyName(FontFamily, bold ? SKFontStyle.Bold : SKFontStyle.Normal) ?? SKTypeface.Default;

    /// <summary>Parses a hex colour such as <see cref="Palette.Blue"/>.</summary>
    public static Color ColorOf(string? hex, int index) => Color.FromHex(hex ?? Palette.At(index));

    private static bool IsInstalled(string family) =>
        SKTypeface.FromFamilyName(family) is { } face && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase);
}
