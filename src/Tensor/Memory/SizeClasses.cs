namespace Engine.Tensors;

/// <summary>
/// The size classes of <see cref="BlockPool{TBlock}"/>: 256 bytes, then four per power of two
/// (x1, x1.25, x1.5, x1.75), so a block wastes at most a fifth of itself and a step that asks
/// for the same sizes every time gets the same blocks back.
/// </summary>
public static class SizeClasses
{
    /// <summary>The smallest class, in bytes.</summary>
    public const long Smallest = 256;

    /// <summary>The size class (in bytes) that holds <paramref name="bytes"/>.</summary>
    public static long Of(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes <= Smallest) return Smallest;
        var p = 1L << (int)(63 - long.LeadingZeroCount(bytes - 1));
        for (var k = 1; k <= 4; k++)
        {
            var c = p + k * (p / 4);
            if (c >= bytes) return c;
        }
        return 2 * p;
    }
}
