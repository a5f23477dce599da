namespace Engine.Gan.Plots;

public sealed partial class Canvas
{
    /// <summary>
    /// Draws <paramref name="text"/> in the built-in 5 x 7 font, each font pixel being a
    /// <paramref name="scale"/> x <paramref name="scale"/> block; (<paramref name="x"/>, <paramref name="y"/>) is the top-left corner.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive.</exception>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * BitmapFont.Advance * scale;
            for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                    if (BitmapFont.IsSet(text[i], column, row))
                        FillRect(left + column * scale, y + row * scale, scale, scale, color);
        }
    }

    /// <summary>
    /// Draws <paramref name="text"/> rotated a quarter turn anticlockwise (reading bottom to top), as on a y-axis title;
    /// (<paramref name="x"/>, <paramref name="y"/>) is the bottom-left corner of the rotated text.
    /// </summary>
    public void DrawTextUpward(int x, int y, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        for (int i = 0; i < text.Length; i++)
        {
            int bottom = y - i * BitmapFont.Advance * scale;
            for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                    if (BitmapFont.IsSet(text[i], column, row))
                        FillRect(x + row * scale, bottom - (column + 1) * scale, scale, scale, color);
        }
    }

    /// <summary>Draws <paramref name="text"/> horizontally centred on <paramref name="centerX"/>, its top at <paramref name="y"/>.</summary>
    public void DrawTextCentered(int centerX, int y, string text, Rgb color, int scale = 1) =>
        DrawText(centerX - MeasureText(text, scale).Width / 2, y, text, color, scale);

    /// <summary>The size in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (height includes the descender row); an empty string measures (0, 0).</summary>
    public static (int Width, int Height) MeasureText(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckScale(scale);
        return text.Length == 0
            ? (0, 0)
            : ((text.Length * BitmapFont.Advance - 1) * scale, BitmapFont.GlyphHeight * scale);
    }

    private static void CheckScale(int scale)
    {
        if (scale < 1)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Text scale must be at least 1, got {scale}.");
    }
}
