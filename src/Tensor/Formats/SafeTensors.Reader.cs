using System.Buffers.Binary;
using System.Text.Json;

namespace Engine.Tensors.Formats;

public static partial class SafeTensors
{
    /// <summary>Reads the safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="MalformedFileException">The file is malformed or holds a dtype this engine does not read; the message names the file and the tensor.</exception>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw Invalid(path, $"the file is {length} bytes, more than this reader holds in memory ({Array.MaxLength})");
        return Load(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Parses the bytes of a safetensors file. Every length, shape and offset is checked before it
    /// is used. F32 and F64 tensors load as they are; F16 and BF16 tensors are widened to float32.
    /// </summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="sourceName">A path or label that error messages name.</param>
    /// <exception cref="MalformedFileException">The bytes are malformed or hold a dtype this engine does not read.</exception>
    public static SafeTensorsFile Load(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length < 8)
            throw Invalid(sourceName, $"the file is {bytes.Length} bytes long, too short for the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(sourceName, $"the header length is {headerLength} bytes, more than the limit of {MaxHeaderBytes}");
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Invalid(sourceName, $"the header length is {headerLength} bytes but only {bytes.Length - 8} bytes follow the length prefix");

        var dataStart = 8 + (int)headerLength;
        var dataLength = bytes.Length - dataStart;
        using var document = ParseJson(sourceName, bytes.AsMemory(8, (int)headerLength));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(sourceName, $"the header must be a JSON object, found {Describe(root.ValueKind)}");

        var entries = new List<SafeTensorsEntry>();
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Invalid(sourceName, $"the header lists '{property.Name}' more than once");
                if (property.Name == MetadataKey) metadata = ParseMetadata(sourceName, property.Value);
                else entries.Add(SafeTensorsEntry.Parse(sourceName, property.Name, property.Value, dataLength));
            }
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json throws this when a string's escapes do not decode (a lone UTF-16 surrogate such as "\ud800").
            throw Invalid(sourceName, $"a name or string in the header does not decode: {e.Message}");
        }
        SafeTensorsEntry.CheckTiling(sourceName, entries, dataLength);

        var tensors = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        foreach (var e in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var raw = bytes.AsSpan(dataStart + (int)e.Begin, (int)(e.End - e.Begin));
            var data = ElementCodec.Decode(raw, e.Encoding, bigEndian: false);
            tensors.Add(e.Name, new HostTensor(e.Name, e.Encoding.ReadAs(), e.Shape, data));
        }
        return new SafeTensorsFile(sourceName, tensors, metadata);
    }

    private static JsonDocument ParseJson(string sourceName, ReadOnlyMemory<byte> header)
    {
        // JsonDocument checks the UTF-8 of a string only when it is read: check all of it first.
        if (!System.Text.Unicode.Utf8.IsValid(header.Span))
            throw Invalid(sourceName, "the header is not valid UTF-8");
        try
        {
            return JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw Invalid(sourceName, $"the header is not valid JSON: {e.Message}");
        }
    }

    private static Dictionary<string, string> ParseMetadata(string sourceName, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(sourceName, $"'{MetadataKey}' must be an object of strings, found {Describe(value.ValueKind)}");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(sourceName, $"'{MetadataKey}' value for key '{item.Name}' must be a string, found {Describe(item.Value.ValueKind)}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Invalid(sourceName, $"'{MetadataKey}' lists key '{item.Name}' more than once");
        }
        return metadata;
    }

    internal static MalformedFileException Invalid(string sourceName, string message) =>
        new(sourceName, $"safetensors '{sourceName}': {message}");

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
