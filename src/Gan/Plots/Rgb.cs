namespace Engine.Gan.Plots;

/// <summary>An opaque 8-bit-per-channel colour.</summary>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Pure white.</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>Pure black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>Dark grey, for text and frames.</summary>
    public static Rgb DarkGray => new(64, 64, 64);

    /// <summary>Mid grey, for separators.</summary>
    public static Rgb Gray => new(128, 128, 128);

    /// <summary>Light grey, for grid lines.</summary>
    public static Rgb LightGray => new(225, 225, 225);

    /// <summary>Matplotlib's tab:orange, used for real samples.</summary>
    public static Rgb Orange => new(255, 127, 14);

    /// <summary>Matplotlib's tab:green, used for generated samples.</summary>
    public static Rgb Green => new(44, 160, 44);

    /// <summary>Matplotlib's tab:blue.</summary>
    public static Rgb Blue => new(31, 119, 180);

    /// <summary>Matplotlib's tab:red.</summary>
    public static Rgb Red => new(214, 39, 40);

    /// <summary>Matplotlib's tab:purple.</summary>
    public static Rgb Purple => new(148, 103, 189);

    private static readonly Rgb[] Tab10 =
    [
        Blue, Orange, Green, Red, Purple,
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>The <paramref name="index"/>-th colour of matplotlib's ten-colour cycle (wraps around).</summary>
    public static Rgb Cycle(int index) => Tab10[((index % Tab10.Length) + Tab10.Length) % Tab10.Length];

    /// <summary>Linear interpolation from <paramref name="a"/> (t = 0) to <paramref name="b"/> (t = 1); t is clamped.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        return new(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));
    }

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}
