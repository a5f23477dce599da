namespace Engine.Gan.Plots;

/// <summary>Grayscale images (for example generated MNIST digits) tiled into a grid with separators between them.</summary>
public static class ImageGrid
{
    /// <summary>Width of the separator lines between images and around the grid, in pixels.</summary>
    public const int Separator = 2;

    private static readonly Rgb SeparatorColor = Rgb.Gray;

    /// <summary>
    /// Size of the grid image: with c = min(columns, count) tiles across and r = ceil(count / columns) down,
    /// width = c * width * scale + (c + 1) * <see cref="Separator"/> and height = r * height * scale + (r + 1) * <see cref="Separator"/>.
    /// </summary>
    public static (int Width, int Height) Size(int count, int height, int width, int columns, int scale)
    {
        Validate(count, height, width, columns, scale);
        int across = Math.Min(columns, count), down = (count + columns - 1) / columns;
        long pixelWidth = (long)across * width * scale + (across + 1) * Separator;
        long pixelHeight = (long)down * height * scale + (down + 1) * Separator;
        if (pixelWidth * pixelHeight > int.MaxValue / 4)
            throw new ArgumentException($"An image grid of {pixelWidth} x {pixelHeight} pixels is too large.", nameof(count));
        return ((int)pixelWidth, (int)pixelHeight);
    }

    /// <summary>Tiles the images and writes the grid to <paramref name="path"/> as a PNG (atomically).</summary>
    /// <inheritdoc cref="Render"/>
    public static void Save(string path, float[] pixels, int count, int height, int width, int columns, int scale) =>
        Render(pixels, count, height, width, columns, scale).Save(path);

    /// <summary>Tiles the images row by row, each pixel enlarged to a <paramref name="scale"/> x <paramref name="scale"/> block.</summary>
    /// <param name="pixels">Images one after another, each row-major <paramref name="height"/> x <paramref name="width"/>; values in [0, 1] (clamped, NaN as 0). At least count * height * width long.</param>
    /// <param name="count">Number of images to show.</param>
    /// <param name="height">Rows per image.</param>
    /// <param name="width">Columns per image.</param>
    /// <param name="columns">Images per grid row.</param>
    /// <param name="scale">Screen pixels per image pixel along each axis.</param>
    /// <exception cref="ArgumentException">A count or size is not positive, or <paramref name="pixels"/> is too short.</exception>
    public static Canvas Render(float[] pixels, int count, int height, int width, int columns, int scale)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var (gridWidth, gridHeight) = Size(count, height, width, columns, scale);
        long needed = (long)count * height * width;
        if (pixels.Length < needed)
            throw new ArgumentException(
                $"pixels has {pixels.Length} values but count * height * width = {count} * {height} * {width} = {needed} are needed.", nameof(pixels));

        var canvas = new Canvas(gridWidth, gridHeight, SeparatorColor);
        for (int n = 0; n < count; n++)
        {
            int left = Separator + n % columns * (width * scale + Separator);
            int top = Separator + n / columns * (height * scale + Separator);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float v = pixels[(n * height + y) * width + x];
                    byte level = (byte)Math.Round(255 * (float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f)));
                    canvas.FillRect(left + x * scale, top + y * scale, scale, scale, new Rgb(level, level, level));
                }
        }
        return canvas;
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
