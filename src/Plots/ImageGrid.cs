using SkiaSharp;

namespace Engine.Plots;

/// <summary>Grayscale images (for example generated MNIST digits) tiled into a grid with separators, under a title band; drawn with SkiaSharp.</summary>
public static class ImageGrid
{
    /// <summary>Width of the separator lines between images and around the grid, in pixels.</summary>
    public const int Separator = 2;

    /// <summary>Height of the band above the grid that holds the title, in pixels.</summary>
    public const int HeaderHeight = 36;

    // White, as the page: digits are light strokes on black tiles, and an untrained generator's tiles are mid grey,
    // so a grey separator would vanish between them.
    private static readonly SKColor SeparatorColor = SKColors.White;

    /// <summary>
    /// Size of the image: with c = min(columns, count) tiles across and r = ceil(count / columns) down,
    /// width = c * width * scale + (c + 1) * <see cref="Separator"/> and height = <see cref="HeaderHeight"/> +
    /// r * height * scale + (r + 1) * <see cref="Separator"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A count or size is not positive, or the image would be too large.</exception>
    public static (int Width, int Height) Size(int count, int height, int width, int columns, int scale)
    {
        Validate(count, height, width, columns, scale);
        int across = Math.Min(columns, count), down = (count + columns - 1) / columns;
        long pixelWidth = (long)across * width * scale + (across + 1) * Separator;
        long pixelHeight = HeaderHeight + (long)down * height * scale + (down + 1) * Separator;
        if (pixelWidth * pixelHeight > int.MaxValue / 4)
            throw new ArgumentException($"An image grid of {pixelWidth} x {pixelHeight} pixels is too large.", nameof(count));
        return ((int)pixelWidth, (int)pixelHeight);
    }

    /// <summary>Tiles the images and writes the grid to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, float[] pixels, int count, int height, int width, int columns, int scale, string title) =>
        PngFile.Write(path, Render(pixels, count, height, width, columns, scale, title));

    /// <summary>Tiles the images row by row, each pixel enlarged to a <paramref name="scale"/> x <paramref name="scale"/> block (no smoothing).</summary>
    /// <param name="pixels">Images one after another, each row-major <paramref name="height"/> x <paramref name="width"/>; values in [0, 1] (clamped, NaN as 0). At least count * height * width long.</param>
    /// <param name="count">Number of images to show.</param>
    /// <param name="height">Rows per image.</param>
    /// <param name="width">Columns per image.</param>
    /// <param name="columns">Images per grid row.</param>
    /// <param name="scale">Screen pixels per image pixel along each axis.</param>
    /// <param name="title">Text in the band above the grid.</param>
    /// <returns>The PNG file's bytes, of <see cref="Size"/>.</returns>
    /// <exception cref="ArgumentException">A count or size is not positive, or <paramref name="pixels"/> is too short.</exception>
    public static byte[] Render(float[] pixels, int count, int height, int width, int columns, int scale, string title)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(title);
        var (gridWidth, gridHeight) = Size(count, height, width, columns, scale);
        long needed = (long)count * height * width;
        if (pixels.Length < needed)
            throw new ArgumentException(
                $"pixels has {pixels.Length} values but count * height * width = {count} * {height} * {width} = {needed} are needed.", nameof(pixels));

        using var surface = SKSurface.Create(new SKImageInfo(gridWidth, gridHeight, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {gridWidth} x {gridHeight} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SeparatorColor);
        using (var font = new SKFont(FigureStyle.Typeface(bold: true), 16))
        using (var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            canvas.DrawText(title, gridWidth / 2f, HeaderHeight / 2f + 6, SKTextAlign.Center, font, ink);

        using var tile = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using var sampling = new SKPaint { IsAntialias = false };
        for (int n = 0; n < count; n++)
        {
            var levels = tile.GetPixelSpan();
            for (int i = 0; i < height * width; i++)
            {
                float v = pixels[(long)n * height * width + i];
                levels[i] = (byte)Math.Round(255 * (float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f)));
            }
            tile.NotifyPixelsChanged();
            float left = Separator + n % columns * (width * scale + Separator);
            float top = HeaderHeight + Separator + n / columns * (height * scale + Separator);
            using var image = SKImage.FromBitmap(tile);
            canvas.DrawImage(image, SKRect.Create(left, top, width * scale, height * scale), new SKSamplingOptions(SKFilterMode.Nearest), sampling);
        }
        return FigureImage.Encode(surface);
    }

    private static void Validate(int count, int height, int width, int columns, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
    }
}
