using System.Buffers.Binary;
using System.Text;

namespace Engine.Tensors.Formats;

public static partial class Npy
{
    /// <summary>The largest header accepted when reading.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>Reads the .npy file at <paramref name="path"/>; the tensor is named after the file (without extension).</summary>
    /// <exception cref="InvalidDataException">The file is malformed or holds an element type this engine does not read.</exception>
    public static HostTensor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Load(stream, path).WithName(Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/>. Every length is checked before it is
    /// used; float16 is widened to float32, big-endian data is byte-swapped and Fortran-order data
    /// is reordered into C order. The tensor's name is empty.
    /// </summary>
    /// <param name="stream">Positioned at the magic string.</param>
    /// <param name="sourceName">A path or label that error messages name.</param>
    /// <exception cref="InvalidDataException">The data is malformed or holds an element type this engine does not read.</exception>
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
        var headerBytes = new byte[headerLength];
        got = ReadFully(stream, headerBytes);
        if (got < headerLength)
            throw Invalid(sourceName, $"the header length is {headerLength} bytes but only {got} bytes follow");

        // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var header = NpyHeader.Parse(sourceName, text);
        var numel = header.Numel;
        var byteLength = numel * header.Encoding.ItemSize();
        if (byteLength > Array.MaxLength)
            throw Invalid(sourceName, $"shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {byteLength} bytes, more than one array can hold");

        var data = new byte[byteLength];
        got = ReadFully(stream, data);
        if (got < byteLength)
            throw Invalid(sourceName, $"data truncated: shape {Shape.Format(header.Shape)} of '{header.Descr}' needs {byteLength} bytes, found {got}");
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

    internal static InvalidDataException Invalid(string sourceName, string message) => new($"npy '{sourceName}': {message}");
}
