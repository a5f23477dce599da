namespace Engine.Gan.Plots;

/// <summary>Continuous colour maps from [0, 1] to colours, by linear interpolation between anchor colours.</summary>
public static class Colormap
{
    /// <summary>Matplotlib's viridis sampled at 16 evenly spaced points (entries 0, 17, ..., 255 of its 256-entry table).</summary>
    private static readonly Rgb[] ViridisAnchors =
    [
        new(68, 1, 84), new(72, 26, 108), new(71, 47, 125), new(65, 68, 135),
        new(57, 86, 140), new(49, 104, 142), new(42, 120, 142), new(35, 136, 142),
        new(31, 152, 139), new(34, 168, 132), new(53, 183, 121), new(84, 197, 104),
        new(122, 209, 81), new(165, 219, 54), new(210, 226, 27), new(253, 231, 37),
    ];

    /// <summary>Moreland's cool-warm diverging map (blue, near-white, red), as in matplotlib's coolwarm.</summary>
    private static readonly Rgb[] CoolwarmAnchors =
    [
        new(59, 76, 192), new(98, 130, 234), new(141, 176, 254), new(184, 208, 249),
        new(221, 221, 221), new(245, 196, 173), new(244, 154, 123), new(222, 96, 77), new(180, 4, 38),
    ];

    /// <summary>The perceptually uniform viridis map: dark purple at 0, teal at 0.5, yellow at 1. <paramref name="t"/> is clamped; NaN maps to 0.</summary>
    public static Rgb Viridis(double t) => Interpolate(ViridisAnchors, t);

    /// <summary>A diverging blue-white-red map centred on 0.5. <paramref name="t"/> is clamped; NaN maps to 0.</summary>
    public static Rgb Coolwarm(double t) => Interpolate(CoolwarmAnchors, t);

    private static Rgb Interpolate(Rgb[] anchors, double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        double position = t * (anchors.Length - 1);
        int lower = Math.Min((int)position, anchors.Length - 2);
        return Rgb.Lerp(anchors[lower], anchors[lower + 1], position - lower);
    }
}
