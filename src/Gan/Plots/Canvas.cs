namespace Engine.Gan.Plots;

/// <summary>
/// A mutable RGB raster with (0, 0) at the top-left corner. Every drawing call clips to the canvas (and to the
/// rectangle set by <see cref="SetClip"/>),
/// so callers may draw partly (or wholly) outside it.
/// </summary>
public sealed partial class Canvas
{
    private readonly byte[] _rgb;
    private int _clipLeft, _clipTop, _clipRight, _clipBottom;  // drawable pixels: left <= x < right, top <= y < bottom

    /// <summary>Creates a <paramref name="width"/> x <paramref name="height"/> canvas filled with <paramref name="background"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the canvas would be too large.</exception>
    public Canvas(int width, int height, Rgb background)
    {
        if (width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Canvas width must be positive, got {width}.");
        if (height <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"Canvas height must be positive, got {height}.");
        if ((long)width * height * 3 > int.MaxValue / 2)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Canvas of {width} x {height} pixels is too large.");
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        ResetClip();
        FillRect(0, 0, width, height, background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The raster as row-major R, G, B bytes (the layout <see cref="PngWriter"/> takes).</summary>
    public ReadOnlySpan<byte> Pixels => _rgb;

    /// <summary>Whether (<paramref name="x"/>, <paramref name="y"/>) lies on the canvas.</summary>
    public bool Contains(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height;

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The point is off the canvas.</exception>
    public Rgb GetPixel(int x, int y)
    {
        if (!Contains(x, y))
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width} x {Height} canvas.");
        int i = (y * Width + x) * 3;
        return new(_rgb[i], _rgb[i + 1], _rgb[i + 2]);
    }

    /// <summary>Restricts all later drawing to the given rectangle (intersected with the canvas), e.g. a plot area.</summary>
    public void SetClip(int x, int y, int width, int height)
    {
        _clipLeft = Math.Clamp(x, 0, Width);
        _clipTop = Math.Clamp(y, 0, Height);
        _clipRight = (int)Math.Clamp((long)x + Math.Max(width, 0), _clipLeft, Width);
        _clipBottom = (int)Math.Clamp((long)y + Math.Max(height, 0), _clipTop, Height);
    }

    /// <summary>Lets drawing reach the whole canvas again.</summary>
    public void ResetClip() => (_clipLeft, _clipTop, _clipRight, _clipBottom) = (0, 0, Width, Height);

    /// <summary>Sets one pixel; points off the canvas or outside the clip rectangle are ignored.</summary>
    public void SetPixel(int x, int y, Rgb color)
    {
        if (x < _clipLeft || x >= _clipRight || y < _clipTop || y >= _clipBottom)
            return;
        int i = (y * Width + x) * 3;
        _rgb[i] = color.R;
        _rgb[i + 1] = color.G;
        _rgb[i + 2] = color.B;
    }

    /// <summary>Mixes <paramref name="color"/> into one pixel with opacity <paramref name="alpha"/> (clamped to [0, 1]).</summary>
    public void BlendPixel(int x, int y, Rgb color, double alpha)
    {
        if (Contains(x, y))
            SetPixel(x, y, Rgb.Lerp(GetPixel(x, y), color, alpha));
    }

    /// <summary>Fills the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>); the part outside the clip rectangle is ignored.</summary>
    public void FillRect(int x, int y, int width, int height, Rgb color)
    {
        int x0 = Math.Max(x, _clipLeft), y0 = Math.Max(y, _clipTop);
        int x1 = (int)Math.Min((long)x + width, _clipRight), y1 = (int)Math.Min((long)y + height, _clipBottom);
        for (int row = y0; row < y1; row++)
            for (int column = x0; column < x1; column++)
                SetPixel(column, row, color);
    }

    /// <summary>Blends <paramref name="color"/> over a rectangle with opacity <paramref name="alpha"/>.</summary>
    public void BlendRect(int x, int y, int width, int height, Rgb color, double alpha)
    {
        for (int row = Math.Max(y, _clipTop); row < Math.Min((long)y + height, _clipBottom); row++)
            for (int column = Math.Max(x, _clipLeft); column < Math.Min((long)x + width, _clipRight); column++)
                BlendPixel(column, row, color, alpha);
    }

    /// <summary>Draws a one-pixel outline just inside the rectangle at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void DrawRect(int x, int y, int width, int height, Rgb color)
    {
        if (width <= 0 || height <= 0)
            return;
        FillRect(x, y, width, 1, color);
        FillRect(x, y + height - 1, width, 1, color);
        FillRect(x, y, 1, height, color);
        FillRect(x + width - 1, y, 1, height, color);
    }

    /// <summary>Encodes the canvas as a PNG file in memory.</summary>
    public byte[] EncodePng() => PngWriter.Encode(Width, Height, _rgb);

    /// <summary>Writes the canvas as a PNG file, atomically (see <see cref="PngWriter.Save"/>).</summary>
    public void Save(string path) => PngWriter.Save(path, Width, Height, _rgb);
}
