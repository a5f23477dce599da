using System.Buffers.Binary;
using System.IO.Compression;
using Engine.Gan.Plots;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>A minimal, independent PNG reader for 8-bit RGB files: checks structure and CRCs, inflates and unfilters IDAT.</summary>
internal static class PngTestDecoder
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public sealed record Image(int Width, int Height, byte[] Rgb, int InflatedLength)
    {
        public (byte R, byte G, byte B) At(int x, int y)
        {
            int i = (y * Width + x) * 3;
            return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
        }
    }

    public static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature missing");
        var chunks = new List<(string, byte[])>();
        int at = 8;
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] data = png.AsSpan(at + 8, length).ToArray();
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), stored);
            chunks.Add((type, data));
            at += 12 + length;
        }
        Assert.Equal(png.Length, at);
        return chunks;
    }

    public static Image Decode(byte[] png)
    {
        var chunks = Chunks(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        byte[] header = chunks[0].Data;
        int width = BinaryPrimitives.ReadInt32BigEndian(header);
        int height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal(8, header[8]);
        Assert.Equal(2, header[9]);

        using var idat = new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        Assert.Equal(height * (1 + 3 * width), filtered.Length);
        return new Image(width, height, Unfilter(filtered, width, height), filtered.Length);
    }

    private static byte[] Unfilter(byte[] filtered, int width, int height)
    {
        int stride = 3 * width;
        var rgb = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int left = i >= 3 ? rgb[y * stride + i - 3] : 0;
                int up = y > 0 ? rgb[(y - 1) * stride + i] : 0;
                int upLeft = y > 0 && i >= 3 ? rgb[(y - 1) * stride + i - 3] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"filter type {filter}"),
                };
                rgb[y * stride + i] = (byte)(filtered[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
