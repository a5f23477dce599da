using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Engine.Tensors.Formats;

/// <summary>How elements are stored in a file: the formats' float encodings this engine reads.</summary>
internal enum ElementEncoding
{
    /// <summary>IEEE 754 binary16, read as float32.</summary>
    Float16,
    /// <summary>bfloat16 (the upper half of a float32), read as float32.</summary>
    BFloat16,
    /// <summary>IEEE 754 binary32.</summary>
    Float32,
    /// <summary>IEEE 754 binary64.</summary>
    Float64,
}

/// <summary>Encoding and decoding of raw element bytes, in either byte order, on any host.</summary>
internal static class ElementCodec
{
    private const int ChunkElements = 1 << 16;

    /// <summary>Bytes per stored element.</summary>
    public static int ItemSize(this ElementEncoding e) => e switch
    {
        ElementEncoding.Float16 or ElementEncoding.BFloat16 => 2,
        ElementEncoding.Float32 => 4,
        _ => 8,
    };

    /// <summary>The in-memory dtype a stored encoding is read as (half precisions widen to float32).</summary>
    public static DType ReadAs(this ElementEncoding e) => e == ElementEncoding.Float64 ? DType.Float64 : DType.Float32;

    /// <summary>The encoding that stores <paramref name="dtype"/> unchanged.</summary>
    public static ElementEncoding Of(DType dtype) => dtype == DType.Float64 ? ElementEncoding.Float64 : ElementEncoding.Float32;

    /// <summary>
    /// Decodes <paramref name="bytes"/> (exactly numel * item size of them) into a float[] or double[].
    /// </summary>
    public static Array Decode(ReadOnlySpan<byte> bytes, ElementEncoding encoding, bool bigEndian)
    {
        var numel = bytes.Length / encoding.ItemSize();
        var swap = bigEndian == BitConverter.IsLittleEndian;
        switch (encoding)
        {
            case ElementEncoding.Float32:
            {
                var f = new float[numel];
                bytes.CopyTo(MemoryMarshal.AsBytes(f.AsSpan()));
                if (swap) { var bits = MemoryMarshal.Cast<float, int>(f.AsSpan()); BinaryPrimitives.ReverseEndianness(bits, bits); }
                return f;
            }
            case ElementEncoding.Float64:
            {
                var d = new double[numel];
                bytes.CopyTo(MemoryMarshal.AsBytes(d.AsSpan()));
                if (swap) { var bits = MemoryMarshal.Cast<double, long>(d.AsSpan()); BinaryPrimitives.ReverseEndianness(bits, bits); }
                return d;
            }
            default:
            {
                var f = new float[numel];
                var half = encoding == ElementEncoding.Float16;
                for (var i = 0; i < numel; i++)
                {
                    var raw = bytes.Slice(2 * i, 2);
                    var bits = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(raw) : BinaryPrimitives.ReadUInt16LittleEndian(raw);
                    // bfloat16 is the upper 16 bits of a float32, so widening is a shift.
                    f[i] = half ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.Int32BitsToSingle(bits << 16);
                }
                return f;
            }
        }
    }

    /// <summary>Writes the elements of a float[] or double[] to <paramref name="stream"/> in little-endian order.</summary>
    public static void WriteLittleEndian(Stream stream, Array data)
    {
        switch (data)
        {
            case float[] f:
                WriteChunks(stream, f, static (src, dst) => BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(src), MemoryMarshal.Cast<byte, int>(dst)));
                break;
            case double[] d:
                WriteChunks(stream, d, static (src, dst) => BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<double, long>(src), MemoryMarshal.Cast<byte, long>(dst)));
                break;
            default:
                throw new ArgumentException($"cannot write a {data.GetType().Name}: float[] or double[] expected", nameof(data));
        }
    }

    private delegate void Swap<T>(ReadOnlySpan<T> source, Span<byte> destination);

    private static void WriteChunks<T>(Stream stream, T[] data, Swap<T> swap) where T : unmanaged
    {
        var itemSize = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        byte[]? scratch = BitConverter.IsLittleEndian ? null : new byte[ChunkElements * itemSize];
        for (var start = 0; start < data.Length; start += ChunkElements)
        {
            var chunk = new ReadOnlySpan<T>(data, start, Math.Min(ChunkElements, data.Length - start));
            if (scratch is null)
            {
                stream.Write(MemoryMarshal.AsBytes(chunk));
            }
            else
            {
                var bytes = scratch.AsSpan(0, chunk.Length * itemSize);
                swap(chunk, bytes);
                stream.Write(bytes);
            }
        }
    }
}
