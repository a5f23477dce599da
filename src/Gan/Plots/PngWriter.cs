using System.Buffers.Binary;
using System.IO.Compression;

namespace Engine.Gan.Plots;

/// <summary>Encodes 8-bit RGB rasters as PNG files (colour type 2, no interlace), using only the BCL.</summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes a <paramref name="width"/> x <paramref name="height"/> image whose pixels are row-major R, G, B bytes.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or <paramref name="rgb"/> is not width * height * 3 bytes long.</exception>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb)
    {
        Validate(width, height, rgb.Length);
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour RGB
        // compression, filter method and interlace stay 0.
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, CompressRows(width, height, rgb));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>Encodes and writes the image to <paramref name="path"/> atomically: the bytes go to <c>path + ".tmp"</c> first, which is then moved over <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty, or the image arguments are invalid (see <see cref="Encode"/>).</exception>
    public static void Save(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = Encode(width, height, rgb);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void Validate(int width, int height, int rgbLength)
    {
        if (width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"PNG width must be positive, got {width}.");
        if (height <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"PNG height must be positive, got {height}.");
        long expected = (long)width * height * 3;
        if (expected > int.MaxValue / 2)
            throw new ArgumentException($"PNG of {width} x {height} pixels is too large.", nameof(width));
        if (rgbLength != expected)
            throw new ArgumentException(
                $"rgb length mismatch: got {rgbLength} bytes, expected width * height * 3 = {width} * {height} * 3 = {expected}.",
                "rgb");
    }

    /// <summary>Filters each row (None, Sub or Up, whichever has the smallest sum of absolute residuals) and deflates them.</summary>
    private static byte[] CompressRows(int width, int height, ReadOnlySpan<byte> rgb)
    {
        int stride = width * 3;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var candidates = new byte[3][];
            for (int f = 0; f < 3; f++)
                candidates[f] = new byte[1 + stride];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = rgb.Slice(y * stride, stride);
                ReadOnlySpan<byte> above = y > 0 ? rgb.Slice((y - 1) * stride, stride) : default;
                int best = 0;
                long bestCost = long.MaxValue;
                for (int f = 0; f < 3; f++)
                {
                    long cost = FilterRow(f, row, above, candidates[f]);
                    if (cost < bestCost)
                        (best, bestCost) = (f, cost);
                }
                zlib.Write(candidates[best]);
            }
        }
        return compressed.ToArray();
    }

    /// <summary>Writes filter type <paramref name="filter"/> and the filtered row into <paramref name="output"/>; returns the cost heuristic.</summary>
    private static long FilterRow(int filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> output)
    {
        output[0] = (byte)filter;
        long cost = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int predictor = filter switch
            {
                1 => i >= 3 ? row[i - 3] : 0,
                2 => above.IsEmpty ? 0 : above[i],
                _ => 0,
            };
            byte residual = (byte)(row[i] - predictor);
            output[1 + i] = residual;
            cost += Math.Abs((int)(sbyte)residual);  // widen first: Math.Abs(sbyte.MinValue) throws
        }
        return cost;
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(type), data));
        png.Write(word);
    }
}
