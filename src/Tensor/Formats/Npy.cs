using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Engine.Tensors.Formats;

/// <summary>
/// NumPy's .npy format (versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY", a version, a header
/// length, a Python dict literal giving descr, fortran_order and shape, then the raw data.
/// Writes '&lt;f4' and '&lt;f8' in C order with the header NumPy itself writes; reads float16/32/64 in
/// either byte order and in either C or Fortran order.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="tensor"/> to <paramref name="path"/> through a temporary file and a rename (see <see cref="AtomicFile"/>).</summary>
    public static void Save(string path, HostTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicFile.Write(path, stream => Save(stream, tensor));
    }

    /// <summary>Writes <paramref name="tensor"/> in .npy format to <paramref name="stream"/>.</summary>
    public static void Save(Stream stream, HostTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        stream.Write(Header(tensor));
        ElementCodec.WriteLittleEndian(stream, tensor.Data);
    }

    /// <summary>The bytes of a .npy file holding <paramref name="tensor"/>.</summary>
    public static byte[] Serialize(HostTensor tensor)
    {
        using var memory = new MemoryStream();
        Save(memory, tensor);
        return memory.ToArray();
    }

    /// <summary>
    /// Everything before the data, as <c>numpy.lib.format</c> writes it: the dict with sorted keys,
    /// room for the first axis to grow to 21 digits, then spaces and a newline so that the data
    /// starts at a multiple of 64 bytes.
    /// </summary>
    private static byte[] Header(HostTensor tensor)
    {
        var shape = tensor.Shape;
        var dims = string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var tuple = shape.Length == 1 ? $"({dims},)" : $"({dims})";
        var descr = tensor.DType == DType.Float64 ? "<f8" : "<f4";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {tuple}, }}";
        if (shape.Length > 0)
            dict += new string(' ', Math.Max(0, 21 - shape[0].ToString(CultureInfo.InvariantCulture).Length));

        var textLength = dict.Length + 1; // the closing newline
        // Version 1.0 unless its 16-bit header length cannot hold the padded header.
        var version = textLength + 64 - (10 + textLength) % 64 <= ushort.MaxValue ? 1 : 2;
        var prefix = Magic.Length + 2 + (version == 1 ? 2 : 4);
        var padding = 64 - (prefix + textLength) % 64;
        var header = new byte[prefix + textLength + padding];
        Magic.CopyTo(header, 0);
        header[6] = (byte)version;
        header[7] = 0;
        var length = textLength + padding;
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)length);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)length);
        Encoding.ASCII.GetBytes(dict, header.AsSpan(prefix));
        header.AsSpan(prefix + dict.Length, padding).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }
}
