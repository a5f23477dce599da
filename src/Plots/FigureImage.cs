using ScottPlot;
using SkiaSharp;

namespace Engine.Plots;

/// <summary>Renders plots to PNG bytes: one plot alone, or a grid of plots under a title band drawn with SkiaSharp.</summary>
internal static class FigureImage
{
    /// <summary>One plot as a <paramref name="width"/> x <paramref name="height"/> PNG.</summary>
    public static byte[] Png(Plot plot, int width, int height)
    {
        using (plot)
            return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// <paramref name="plots"/> laid out row by row in a <paramref name="rows"/> x <paramref name="columns"/> grid below a
    /// <see cref="FigureStyle.HeaderHeight"/> band holding <paramref name="title"/>, as a PNG.
    /// </summary>
    public static byte[] Png(IReadOnlyList<Plot> plots, int rows, int columns, string title, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width} x {height} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        var multiplot = new Multiplot();
        foreach (var existing in multiplot.Subplots.GetPlots())
            multiplot.Subplots.Remove(existing);
        foreach (var plot in plots)
            multiplot.Subplots.Add(plot);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        // The grid layout places its plots from the canvas origin, so shift the canvas below the title band.
        canvas.Save();
        canvas.Translate(0, FigureStyle.HeaderHeight);
        multiplot.Render(canvas, new PixelRect(0, width, height - FigureStyle.HeaderHeight, 0));
        canvas.Restore();
        DrawTitle(canvas, title, width);
        foreach (var plot in plots)
            plot.Dispose();
        return Encode(surface);
    }

    /// <summary>Draws <paramref name="title"/> centred in the band at the top of the canvas.</summary>
    public static void DrawTitle(SKCanvas canvas, string title, int width)
    {
        using var font = new SKFont(FigureStyle.Typeface(bold: true), FigureStyle.TitleSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, width / 2f, FigureStyle.HeaderHeight / 2f + FigureStyle.TitleSize / 3, SKTextAlign.Center, font, paint);
    }

    /// <summary>The surface's pixels as a PNG.</summary>
    public static byte[] Encode(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
