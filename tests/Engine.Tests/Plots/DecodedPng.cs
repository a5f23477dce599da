using SkiaSharp;
using Xunit;

namespace Engine.Tests.Plots;

/// <summary>A PNG decoded by SkiaSharp (not by the code that wrote it), with pixel queries for the plot tests.</summary>
internal sealed class DecodedPng
{
    private readonly SKColor[] _pixels;

    private DecodedPng(int width, int height, SKColor[] pixels) => (Width, Height, _pixels) = (width, height, pixels);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Decodes <paramref name="png"/>, failing the test when it is not a PNG.</summary>
    public static DecodedPng Decode(byte[] png)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG signature");
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return new DecodedPng(bitmap.Width, bitmap.Height, bitmap.Pixels);
    }

    public static DecodedPng Read(string path) => Decode(File.ReadAllBytes(path));

    public SKColor At(int x, int y) => _pixels[y * Width + x];

    /// <summary>Pixels in the rectangle [x0, x1) x [y0, y1) (the whole image by default) that satisfy <paramref name="predicate"/>.</summary>
    public int Count(Func<SKColor, bool> predicate, int x0 = 0, int y0 = 0, int x1 = -1, int y1 = -1)
    {
        (x1, y1) = (x1 < 0 ? Width : x1, y1 < 0 ? Height : y1);
        int n = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if (predicate(At(x, y)))
                    n++;
        return n;
    }

    /// <summary>Number of distinct colours: a blank or single-colour image has one.</summary>
    public int DistinctColors => _pixels.Distinct().Count();

    /// <summary>Asserts the size and that the image is not blank: many colours, and some dark (text or line) pixels.</summary>
    public void AssertDrawn(int width, int height, int minColors = 50)
    {
        Assert.Equal((width, height), (Width, Height));
        Assert.True(DistinctColors >= minColors, $"only {DistinctColors} distinct colours: the image is (nearly) blank");
        Assert.True(Count(IsDark) > 100, "no dark pixels: no text, ticks or frame were drawn");
    }

    public static bool IsDark(SKColor c) => c.Red < 90 && c.Green < 90 && c.Blue < 90;

    /// <summary>Close to the hex colour (each channel within <paramref name="tolerance"/>).</summary>
    public static Func<SKColor, bool> Near(string hex, int tolerance = 40)
    {
        var target = SKColor.Parse(hex);
        return c => Math.Abs(c.Red - target.Red) <= tolerance && Math.Abs(c.Green - target.Green) <= tolerance && Math.Abs(c.Blue - target.Blue) <= tolerance;
    }
}
