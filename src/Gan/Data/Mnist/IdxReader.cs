using System.Buffers.Binary;
using System.IO.Compression;
using Engine.Tensors.Formats;

namespace Engine.Gan.Data.Mnist;

/// <summary>
/// The IDX files of the MNIST distribution (train-images-idx3-ubyte, train-labels-idx1-ubyte, plain
/// or .gz): a big-endian header of magic 0x00000803 (images) or 0x00000801 (labels), the dimension
/// sizes, then unsigned bytes. The header is read first and every size is checked (the product of
/// the dimensions with overflow checks, against the file's length for a plain file) before the data
/// is read; a gzip file is inflated only up to the size its header declares, plus one byte to see
/// that nothing follows.
/// </summary>
public static class IdxReader
{
    private const int ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;

    /// <summary>Reads an image file and its label file into one set; the counts must agree.</summary>
    /// <exception cref="MalformedFileException">A file is malformed, or the counts differ.</exception>
    public static MnistImages Read(string imagesPath, string labelsPath)
    {
        var (images, count, height, width) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new MalformedFileException(labelsPath, $"mnist: '{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels");
        var pixels = new float[images.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = images[i] / 255f;
        return new MnistImages(pixels, labels, height, width, imagesPath);
    }

    /// <summary>Raw image bytes, count, rows and columns of an idx3-ubyte file.</summary>
    /// <exception cref="MalformedFileException">The file is malformed.</exception>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        var (sizes, pixels) = Load(path, ImagesMagic, dims: 3);
        return (pixels, sizes[0], sizes[1], sizes[2]);
    }

    /// <summary>The labels of an idx1-ubyte file (each 0..9).</summary>
    /// <exception cref="MalformedFileException">The file is malformed or a label is not a digit.</exception>
    public static byte[] ReadLabels(string path)
    {
        var (_, labels) = Load(path, LabelsMagic, dims: 1);
        var bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0) throw Invalid(path, $"label {bad} is {labels[bad]}, expected a digit 0..9");
        return labels;
    }

    private static (int[] Sizes, byte[] Data) Load(string path, int magic, int dims)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mnist: no file '{path}'", path);
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        using var file = File.OpenRead(path);
        try
        {
            using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var headerLength = 4 + 4 * dims;
            var header = ClaimedBytes.Read(stream, headerLength);
            var sizes = Header(header, path, magic, dims);
            var expected = Product(sizes, path);
            if (!gzip && file.Length - headerLength != expected)
                throw Mismatch(path, expected, file.Length - headerLength);
            var data = ClaimedBytes.Read(stream, expected);
            if (data.Length < expected) throw Mismatch(path, expected, data.Length);
            if (ClaimedBytes.HasMore(stream))
                throw Invalid(path, $"the data goes on beyond the {expected} bytes its header describes");
            return (sizes, data);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's own complaint about a corrupt stream.
            throw Invalid(path, $"is not valid gzip: {e.Message}", e);
        }
    }

    private static int[] Header(byte[] bytes, string path, int magic, int dims)
    {
        if (bytes.Length < 4 + 4 * dims)
            throw Invalid(path, $"is {bytes.Length} bytes, shorter than its {4 + 4 * dims}-byte IDX header");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw Invalid(path, $"has magic 0x{found:X8}, expected 0x{magic:X8} ({(magic == ImagesMagic ? "unsigned-byte images, 3 dimensions" : "unsigned-byte labels, 1 dimension")})");
        var sizes = new int[dims];
        for (var d = 0; d < dims; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (sizes[d] <= 0) throw Invalid(path, $"dimension {d} has size {sizes[d]}, expected a positive size");
        }
        return sizes;
    }

    /// <summary>The number of data bytes the dimensions describe, refused past what one array holds (checked at every factor, so it cannot overflow).</summary>
    private static long Product(int[] sizes, string path)
    {
        long product = 1;
        foreach (var s in sizes)
        {
            product *= s;
            if (product > Array.MaxLength)
                throw Invalid(path, $"dimensions {string.Join(" x ", sizes)} describe more than {Array.MaxLength} bytes");
        }
        return product;
    }

    private static MalformedFileException Mismatch(string path, long expected, long found) => found < expected
        ? Invalid(path, $"is truncated: its header promises {expected} data bytes but {found} follow")
        : Invalid(path, $"has {found - expected} bytes beyond the {expected} its header describes");

    private static MalformedFileException Invalid(string path, string message, Exception? inner = null) =>
        new(path, $"mnist: '{path}' {message}", inner);
}
