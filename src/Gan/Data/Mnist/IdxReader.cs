using System.Buffers.Binary;
using System.IO.Compression;

namespace Engine.Gan.Data.Mnist;

/// <summary>
/// The IDX files of the MNIST distribution (train-images-idx3-ubyte, train-labels-idx1-ubyte, plain
/// or .gz): a big-endian header of magic 0x00000803 (images) or 0x00000801 (labels), the dimension
/// sizes, then unsigned bytes. Every size is checked against the bytes actually present.
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;

    /// <summary>Reads an image file and its label file into one set; the counts must agree.</summary>
    public static MnistImages Read(string imagesPath, string labelsPath)
    {
        var (images, count, height, width) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException($"mnist: '{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels");
        var pixels = new float[images.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = images[i] / 255f;
        return new MnistImages(pixels, labels, height, width, imagesPath);
    }

    /// <summary>Raw image bytes, count, rows and columns of an idx3-ubyte file.</summary>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        var bytes = Load(path);
        Header(bytes, path, ImagesMagic, dims: 3, out var sizes);
        long expected = (long)sizes[0] * sizes[1] * sizes[2];
        Payload(bytes, path, 16, expected);
        return (bytes.AsSpan(16, (int)expected).ToArray(), sizes[0], sizes[1], sizes[2]);
    }

    /// <summary>The labels of an idx1-ubyte file (each 0..9).</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = Load(path);
        Header(bytes, path, LabelsMagic, dims: 1, out var sizes);
        Payload(bytes, path, 8, sizes[0]);
        var labels = bytes.AsSpan(8, sizes[0]).ToArray();
        var bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw new InvalidDataException($"mnist: '{path}': label {bad} is {labels[bad]}, expected a digit 0..9");
        return labels;
    }

    private static byte[] Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mnist: no file '{path}'", path);
        using var file = File.OpenRead(path);
        using var memory = new MemoryStream();
        try
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                using (var gz = new GZipStream(file, CompressionMode.Decompress)) gz.CopyTo(memory);
            else file.CopyTo(memory);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"mnist: '{path}' is not valid gzip: {e.Message}", e);
        }
        return memory.ToArray();
    }

    private static void Header(byte[] bytes, string path, int magic, int dims, out int[] sizes)
    {
        var headerLength = 4 + 4 * dims;
        if (bytes.Length < headerLength)
            throw new InvalidDataException($"mnist: '{path}' is {bytes.Length} bytes, shorter than its {headerLength}-byte IDX header");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new InvalidDataException($"mnist: '{path}' has magic 0x{found:X8}, expected 0x{magic:X8} ({(magic == ImagesMagic ? "unsigned-byte images, 3 dimensions" : "unsigned-byte labels, 1 dimension")})");
        sizes = new int[dims];
        for (var d = 0; d < dims; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (sizes[d] <= 0) throw new InvalidDataException($"mnist: '{path}': dimension {d} has size {sizes[d]}");
        }
    }

    private static void Payload(byte[] bytes, string path, int offset, long expected)
    {
        if (expected > int.MaxValue || bytes.Length - offset < expected)
            throw new InvalidDataException($"mnist: '{path}' is truncated: its header promises {expected} data bytes but {bytes.Length - offset} follow");
        if (bytes.Length - offset > expected)
            throw new InvalidDataException($"mnist: '{path}' has {bytes.Length - offset - expected} bytes beyond the {expected} its header describes");
    }
}
