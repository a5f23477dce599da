namespace Engine.Gan.Plots;

public sealed partial class Canvas
{
    /// <summary>
    /// Draws a straight segment with Bresenham's algorithm. A <paramref name="thickness"/> of 2 or 3 widens it
    /// by stamping a small square at every step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="thickness"/> is not 1, 2 or 3.</exception>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb color, int thickness = 1)
    {
        if (thickness is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "Line thickness must be 1, 2 or 3.");
        if (!SegmentMayTouchCanvas(x0, y0, x1, y1))
            return;
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        int offset = (thickness - 1) / 2;
        while (true)
        {
            if (thickness == 1)
                SetPixel(x0, y0, color);
            else
                FillRect(x0 - offset, y0 - offset, thickness, thickness, color);
            if (x0 == x1 && y0 == y1)
                break;
            int doubled = 2 * error;
            if (doubled >= dy)
            {
                error += dy;
                x0 += stepX;
            }
            if (doubled <= dx)
            {
                error += dx;
                y0 += stepY;
            }
        }
    }

    /// <summary>Draws a segment between real-valued points (rounded to pixels); segments with a non-finite end are skipped.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, Rgb color, int thickness = 1)
    {
        if (!(double.IsFinite(x0) && double.IsFinite(y0) && double.IsFinite(x1) && double.IsFinite(y1)))
            return;
        // Far-away ends are clamped so the integer walk stays short; the visible part of such lines is approximate.
        const double Far = 1 << 20;
        DrawLine(
            (int)Math.Round(Math.Clamp(x0, -Far, Far)), (int)Math.Round(Math.Clamp(y0, -Far, Far)),
            (int)Math.Round(Math.Clamp(x1, -Far, Far)), (int)Math.Round(Math.Clamp(y1, -Far, Far)),
            color, thickness);
    }

    /// <summary>
    /// Fills the disc of radius <paramref name="r"/> centred on (<paramref name="cx"/>, <paramref name="cy"/>), pixel centres
    /// being at integer + 0.5. With <paramref name="alpha"/> below 1 the colour is blended over what is already there.
    /// </summary>
    public void FillCircle(double cx, double cy, double r, Rgb color, double alpha = 1.0)
    {
        if (!(double.IsFinite(cx) && double.IsFinite(cy) && double.IsFinite(r)) || r <= 0)
            return;
        int top = (int)Math.Floor(cy - r), bottom = (int)Math.Ceiling(cy + r);
        int left = (int)Math.Floor(cx - r), right = (int)Math.Ceiling(cx + r);
        if (bottom < 0 || right < 0 || top >= Height || left >= Width)
            return;
        for (int y = Math.Max(top, 0); y <= Math.Min(bottom, Height - 1); y++)
            for (int x = Math.Max(left, 0); x <= Math.Min(right, Width - 1); x++)
            {
                double ux = x + 0.5 - cx, uy = y + 0.5 - cy;
                if (ux * ux + uy * uy > r * r)
                    continue;
                if (alpha >= 1)
                    SetPixel(x, y, color);
                else
                    BlendPixel(x, y, color, alpha);
            }
    }

    private bool SegmentMayTouchCanvas(int x0, int y0, int x1, int y1) =>
        !(Math.Max(x0, x1) < -2 || Math.Max(y0, y1) < -2 || Math.Min(x0, x1) > Width + 2 || Math.Min(y0, y1) > Height + 2);
}
