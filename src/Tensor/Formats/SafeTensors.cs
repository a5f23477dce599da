using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engine.Tensors.Formats;

/// <summary>
/// The safetensors format of Hugging Face: an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON mapping each tensor name to its dtype, shape and byte range (plus an optional
/// "__metadata__" map of strings), then the raw little-endian data. Files written here load in
/// Python's <c>safetensors</c> and files written there load here.
/// </summary>
public static partial class SafeTensors
{
    /// <summary>The reserved header key holding string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted when reading (the reference implementation's limit).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> through a temporary file and a
    /// rename, so a crash never leaves half a file (see <see cref="AtomicFile"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated, or a metadata value is null.</exception>
    public static void Save(string path, IEnumerable<HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = Order(tensors);
        var header = BuildHeader(ordered, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, header, ordered));
    }

    /// <summary>Writes <paramref name="tensors"/> in safetensors format to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated, or a metadata value is null.</exception>
    public static void Save(Stream stream, IEnumerable<HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ordered = Order(tensors);
        WriteBody(stream, BuildHeader(ordered, metadata), ordered);
    }

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated, or a metadata value is null.</exception>
    public static byte[] Serialize(IEnumerable<HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var memory = new MemoryStream();
        Save(memory, tensors, metadata);
        return memory.ToArray();
    }

    /// <summary>
    /// The order of the data section, as the reference writer lays it out: larger elements first
    /// (so every tensor stays aligned to its element size), then by name in ordinal order.
    /// </summary>
    private static List<HostTensor> Order(IEnumerable<HostTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<HostTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (t.Name.Length == 0) throw new ArgumentException($"safetensors: every tensor needs a name, but a {t.DType.Name()} tensor of shape {Shape.Format(t.Shape)} has none", nameof(tensors));
            if (t.Name == MetadataKey) throw new ArgumentException($"safetensors: '{MetadataKey}' is reserved for metadata and cannot name a tensor", nameof(tensors));
            if (!names.Add(t.Name)) throw new ArgumentException($"safetensors: tensor name '{t.Name}' appears more than once", nameof(tensors));
            list.Add(t);
        }
        list.Sort((a, b) =>
        {
            var bySize = b.DType.SizeOf().CompareTo(a.DType.SizeOf());
            return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
        });
        return list;
    }

    /// <summary>The JSON header, compact, padded with spaces to a multiple of 8 bytes.</summary>
    private static byte[] BuildHeader(List<HostTensor> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (value is null) throw new ArgumentException($"safetensors: metadata value for key '{key}' is null", nameof(metadata));
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in ordered)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType == DType.Float64 ? "F64" : "F32");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += t.ByteLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        var padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteBody(Stream stream, byte[] header, List<HostTensor> ordered)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var t in ordered) ElementCodec.WriteLittleEndian(stream, t.Data);
    }
}
