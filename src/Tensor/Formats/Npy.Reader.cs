using System.Buffers.Binary;
using System.Text;

namespace Engine.Tensors.Formats;

public static partial class Npy
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The largest header accepted when reading.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>Reads the .npy file at <paramref name="path"/>; the tensor is named after the file (without extension).</summary>
    /// <exception cref="MalformedFileException">The file is malformed or holds an element type this engine does not read.</exception>
    public static HostTensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var tensor = Load(stream, path);
        if (stream.Position != stream.Length)
            throw Invalid(path, $"{stream.Length - stream.Position} bytes follow the data of shape {Shape.Format(tensor.Shape)} (expected the file to end there)");
        return tensor.WithName(Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/>. Every length is checked before it is
    /// used; float16 is widened to float32, big-endian data is byte-swapped and Fortran-order data
    /// is reordered into C order. The tensor's name is empty.
    /// </summary>
    /// <param name="stream">Positioned at the magic string.</param>
    /// <param name="sourceName">A path or label that error messages name.</param>
    /// <exception cref="MalformedFileException">The data is malformed or holds an element type this engine does not read.</exception>
    public static HostTensor Load(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        var prefix = new byte[8];
        var got = ReadFully(stream, prefix);
        if (got < 8 || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw Invalid(sourceName, $"bad magic: expected 93 4E 55 4D 50 59 (\\x93NUMPY) then a version, found {Convert.ToHexString(prefix, 0, got)}");
        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Invalid(sourceName, $"unsupported format version {major}.{minor} (1.0, 2.0 and 3.0 are read)");

        var lengthBytes = new byte[major == 1 ? 2 : 4];
        if (ReadFully(stream, lengthBytes) < lengthBytes.Length)
            throw Invalid(sourceName, "the file ends inside the header length");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(sourceName, $"the header length is {headerLength} bytes, more than the limit of {MaxHeaderBytes}");
        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
            throw Invalid(sourceName, $"the header length is {headerLength} bytes but only {stream.Length - stream.Position} bytes follow");
        var headerBytes = ClaimedBytes.Read(stream, headerLength);
        if (headerBytes.Length < headerLength)
            throw Invalid(sourceName, $"the header length is {headerLength} bytes but only {headerBytes.Length} bytes follow");

        // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
        string text;
        try
        {
            text = (major == 3 ? StrictUtf8 : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(sourceName, "the version 3.0 header is not valid UTF-8");
        }
        var header = NpyHeader.Parse(sourceName, text);
        var numel = header.Numel;
        var byteLength = numel * header.Encoding.ItemSize();
        if (byteLength > Array.MaxLength)
            throw Invalid(sourceName, $"shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {byteLength} bytes, more than one array can hold");

        // Check the claim against the file before allocating for it.
        if (stream.CanSeek && byteLength > stream.Length - stream.Position)
            throw Invalid(sourceName, $"data truncated: shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {byteLength} bytes, found {stream.Length - stream.Position}");
        var data = ClaimedBytes.Read(stream, byteLength);
        if (data.Length < byteLength)
            throw Invalid(sourceName, $"data truncated: shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {byteLength} bytes, found {data.Length}");
        var values = ElementCodec.Decode(data, header.Encoding, header.BigEndian);
        if (header.FortranOrder) values = FortranOrder.ToRowMajor(values, header.Shape);
        return new HostTensor("", header.Encoding.ReadAs(), header.Shape, values);
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    internal static MalformedFileException Invalid(string sourceName, string message) => new(sourceName, $"npy '{sourceName}': {message}");
}
