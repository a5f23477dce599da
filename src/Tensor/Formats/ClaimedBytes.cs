namespace Engine.Tensors.Formats;

/// <summary>
/// Reads as many bytes as a file's header claims without trusting the claim: the buffer grows with
/// the bytes that actually arrive (from <see cref="FirstBufferBytes"/>, doubling), so a header that
/// promises gigabytes in a short or compressed file costs memory only for what is really there (at
/// most twice that).
/// </summary>
public static class ClaimedBytes
{
    /// <summary>The size of the first buffer (smaller when less is claimed).</summary>
    public const int FirstBufferBytes = 1 << 16;

    /// <summary>
    /// Reads up to <paramref name="claimed"/> bytes from <paramref name="stream"/>; the result is
    /// shorter when the stream ends first. It never reads past <paramref name="claimed"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The claim is negative or larger than one array can hold.</exception>
    public static byte[] Read(Stream stream, long claimed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(claimed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(claimed, Array.MaxLength);
        var buffer = new byte[Math.Min(claimed, FirstBufferBytes)];
        var total = 0;
        while (total < claimed)
        {
            if (total == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(claimed, 2L * buffer.Length));
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        if (total < buffer.Length) Array.Resize(ref buffer, total);
        return buffer;
    }

    /// <summary>True when <paramref name="stream"/> has at least one more byte (which it consumes).</summary>
    public static bool HasMore(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> one = stackalloc byte[1];
        return stream.Read(one) > 0;
    }
}
