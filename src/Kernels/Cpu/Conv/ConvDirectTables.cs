namespace Engine.Kernels.Cpu;

/// <summary>
/// Offsets into the padded input of a conv's shape: <see cref="Taps"/>[c*kh*kw + ki*kw + kj] is the
/// tap's offset from an output position's corner, <see cref="Positions"/>[n*P + oh*Wo + ow] the
/// corner's offset from the batch start. Both are padded to a whole number of
/// <see cref="ConvDirectKernel{T}.MR"/>-row tiles by repeating their last entry. Shared read-only
/// (<see cref="ConvShapeCache{TTables}"/>).
/// </summary>
internal sealed class ConvDirectTables
{
    private static readonly ConvShapeCache<ConvDirectTables> Cache = new(Build);

    private ConvDirectTables(int[] taps, int[] positions) => (Taps, Positions) = (taps, positions);

    /// <summary>Tap offsets, one per row of the column matrix.</summary>
    public int[] Taps { get; }

    /// <summary>Output-position offsets, one per column of the column matrix.</summary>
    public int[] Positions { get; }

    /// <summary>The tables of <paramref name="d"/>, built once.</summary>
    public static ConvDirectTables For(ConvDims d) => Cache.For(d);

    private static ConvDirectTables Build(ConvDims d)
    {
        var g = d.Geometry;
        int hp = d.H + 2 * g.PadH, wp = d.W + 2 * g.PadW, mr = ConvDirectKernel<float>.MR;
        var taps = new int[Round(d.Ckk, mr)];
        for (var c = 0; c < d.C; c++)
            for (var ki = 0; ki < d.KH; ki++)
                for (var kj = 0; kj < d.KW; kj++)
                    taps[(c * d.KH + ki) * d.KW + kj] = (c * hp + ki * g.DilationH) * wp + kj * g.DilationW;
        var positions = new int[Round(d.N * d.P, mr)];
        for (var n = 0; n < d.N; n++)
            for (var oh = 0; oh < d.Ho; oh++)
                for (var ow = 0; ow < d.Wo; ow++)
                    positions[(n * d.Ho + oh) * d.Wo + ow] = (n * d.C * hp + oh * g.StrideH) * wp + ow * g.StrideW;
        Repeat(taps, d.Ckk);
        Repeat(positions, d.N * d.P);
        return new ConvDirectTables(taps, positions);
    }

    private static int Round(int n, int m) => Math.Max(m, (n + m - 1) / m * m);

    private static void Repeat(int[] table, int valid)
    {
        for (var i = Math.Max(valid, 1); i < table.Length; i++) table[i] = table[Math.Max(valid - 1, 0)];
    }
}
