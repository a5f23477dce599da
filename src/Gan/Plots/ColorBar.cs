namespace Engine.Gan.Plots;

/// <summary>A vertical strip showing a colour map from a minimum (bottom) to a maximum (top), with value labels on its right.</summary>
public static class ColorBar
{
    /// <summary>
    /// Draws the bar in the rectangle at (<paramref name="left"/>, <paramref name="top"/>). A constant or non-finite range
    /// fills the bar with the map's middle colour and labels the single value.
    /// </summary>
    public static void Draw(Canvas canvas, int left, int top, int width, int height, double min, double max, Func<double, Rgb> colormap)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(colormap);
        bool varies = double.IsFinite(min) && double.IsFinite(max) && max > min;
        for (int row = 0; row < height; row++)
        {
            double t = varies ? 1 - (row + 0.5) / height : 0.5;
            canvas.FillRect(left, top + row, width, 1, colormap(t));
        }
        canvas.DrawRect(left - 1, top - 1, width + 2, height + 2, Rgb.DarkGray);
        if (!varies)
        {
            if (double.IsFinite(min))
                canvas.DrawText(left + width + 6, top + height / 2 - 3, NiceTicks.Format(min, Math.Abs(min) / 100), Rgb.DarkGray);
            return;
        }
        double step = NiceTicks.Step(min, max, 6);
        foreach (double value in NiceTicks.Compute(min, max, 6))
        {
            int y = top + (int)Math.Round((max - value) / (max - min) * (height - 1));
            canvas.FillRect(left + width + 1, y, 4, 1, Rgb.DarkGray);
            canvas.DrawText(left + width + 7, y - 3, NiceTicks.Format(value, step), Rgb.DarkGray);
        }
    }
}
