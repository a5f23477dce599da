using System.Text.Json;

namespace Engine.Tensors.Formats;

/// <summary>One checked tensor entry of a safetensors header: dtype, shape and byte range in the data section.</summary>
internal sealed record SafeTensorsEntry(string Name, ElementEncoding Encoding, int[] Shape, long Begin, long End)
{
    /// <summary>The most dimensions a shape may have.</summary>
    public const int MaxRank = 64;

    private static readonly Dictionary<string, ElementEncoding> Readable = new(StringComparer.Ordinal)
    {
        ["F32"] = ElementEncoding.Float32,
        ["F64"] = ElementEncoding.Float64,
        ["F16"] = ElementEncoding.Float16,
        ["BF16"] = ElementEncoding.BFloat16,
    };

    /// <summary>Parses and checks one header entry against a data section of <paramref name="dataLength"/> bytes.</summary>
    public static SafeTensorsEntry Parse(string source, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(source, name, $"expected an object with dtype, shape and data_offsets, found {SafeTensors.Describe(value.ValueKind)}");

        var dtypeValue = Required(source, name, value, "dtype", JsonValueKind.String);
        var dtype = dtypeValue.GetString()!;
        if (!Readable.TryGetValue(dtype, out var encoding))
            throw Invalid(source, name, $"dtype {dtype} is not supported (this engine reads F32, F64, F16 and BF16)");

        var shapeValue = Required(source, name, value, "shape", JsonValueKind.Array);
        if (shapeValue.GetArrayLength() > MaxRank)
            throw Invalid(source, name, $"shape has {shapeValue.GetArrayLength()} dimensions, more than the {MaxRank} this engine reads");
        var shape = new int[shapeValue.GetArrayLength()];
        long numel = 1;
        var axis = 0;
        foreach (var dim in shapeValue.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0 || size > int.MaxValue)
                throw Invalid(source, name, $"shape dimension {axis} is {Raw(dim)}; expected a non-negative integer");
            shape[axis++] = (int)size;
            numel *= size;
            if (numel > int.MaxValue)
                throw Invalid(source, name, $"shape {Engine.Tensors.Shape.Format(shape.AsSpan(0, axis))}... has more than {int.MaxValue} elements");
        }

        var offsets = Required(source, name, value, "data_offsets", JsonValueKind.Array);
        if (offsets.GetArrayLength() != 2)
            throw Invalid(source, name, $"data_offsets must be [begin, end], found {offsets.GetArrayLength()} values");
        var begin = Offset(source, name, offsets[0], "begin");
        var end = Offset(source, name, offsets[1], "end");
        var range = $"data_offsets [{begin}, {end}]";
        if (begin > end)
            throw Invalid(source, name, $"{range}: begin is after end");
        if (end > dataLength)
            throw Invalid(source, name, $"{range}: end is beyond the data section of {dataLength} bytes");
        var expected = numel * encoding.ItemSize();
        if (end - begin != expected)
            throw Invalid(source, name,
                $"{range} span {end - begin} bytes but dtype {dtype} with shape {Engine.Tensors.Shape.Format(shape)} needs {expected} ({numel} x {encoding.ItemSize()})");
        return new SafeTensorsEntry(name, encoding, shape, begin, end);
    }

    /// <summary>
    /// Refuses a data section that the entries do not tile exactly: sorted by offset, the first
    /// starts at 0, each starts where the previous one ends (no gap, no overlap) and the last ends
    /// at the end of the file (no trailing bytes), as the reference reader requires. A header length
    /// one byte off shifts every offset against the data, and is caught here.
    /// </summary>
    public static void CheckTiling(string source, List<SafeTensorsEntry> entries, long dataLength)
    {
        long position = 0;
        SafeTensorsEntry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != position)
            {
                var after = previous is null ? "the data section starts at 0" : $"the previous tensor '{previous.Name}' [{previous.Begin}, {previous.End}] ends at {position}";
                throw SafeTensors.Invalid(source,
                    $"tensor '{e.Name}' [{e.Begin}, {e.End}] begins at {e.Begin} but {after}: the data_offsets must tile the data section (no {(e.Begin < position ? "overlap" : "gap")})");
            }
            position = e.End;
            previous = e;
        }
        if (position != dataLength)
            throw SafeTensors.Invalid(source,
                $"the tensors end at byte {position} of the data section but it holds {dataLength} bytes ({dataLength - position} trailing bytes; is the header length right?)");
    }

    private static JsonElement Required(string source, string name, JsonElement entry, string key, JsonValueKind kind)
    {
        if (!entry.TryGetProperty(key, out var value))
            throw Invalid(source, name, $"the entry has no '{key}'");
        if (value.ValueKind != kind)
            throw Invalid(source, name, $"'{key}' must be {SafeTensors.Describe(kind)}, found {SafeTensors.Describe(value.ValueKind)}");
        return value;
    }

    private static long Offset(string source, string name, JsonElement value, string which)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var offset) || offset < 0)
            throw Invalid(source, name, $"data_offsets {which} is {Raw(value)}; expected a non-negative integer");
        return offset;
    }

    private static string Raw(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..60] + "...";
    }

    private static MalformedFileException Invalid(string source, string name, string message) =>
        SafeTensors.Invalid(source, $"tensor '{name}': {message}");
}
