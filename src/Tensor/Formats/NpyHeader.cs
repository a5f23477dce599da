namespace Engine.Tensors.Formats;

/// <summary>The checked contents of a .npy header dict.</summary>
internal sealed record NpyHeader(string Descr, ElementEncoding Encoding, bool BigEndian, bool FortranOrder, int[] Shape, long Numel)
{
    /// <summary>The most dimensions a shape may have (NumPy 2's limit).</summary>
    public const int MaxRank = 64;

    /// <summary>Parses the header text (a Python dict literal) and checks descr, fortran_order and shape.</summary>
    public static NpyHeader Parse(string source, string text)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw Npy.Invalid(source, $"the header is not a Python dict literal ({e.Message}): {Excerpt(text)}");
        }
        if (literal is not Dictionary<string, object?> dict)
            throw Npy.Invalid(source, $"the header must be a dict, found: {Excerpt(text)}");

        var descr = Require(source, dict, "descr") as string
            ?? throw Npy.Invalid(source, $"'descr' must be a string such as '<f4' (structured dtypes are not supported): {Excerpt(text)}");
        var (encoding, bigEndian) = ParseDescr(source, descr);
        if (Require(source, dict, "fortran_order") is not bool fortran)
            throw Npy.Invalid(source, $"'fortran_order' must be True or False: {Excerpt(text)}");
        if (Require(source, dict, "shape") is not List<object?> dims)
            throw Npy.Invalid(source, $"'shape' must be a tuple of integers: {Excerpt(text)}");

        if (dims.Count > MaxRank)
            throw Npy.Invalid(source, $"'shape' has {dims.Count} dimensions, more than the {MaxRank} this engine reads");
        var shape = new int[dims.Count];
        long numel = 1;
        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i] is not long d || d < 0 || d > int.MaxValue)
                throw Npy.Invalid(source, $"shape dimension {i} is {dims[i] ?? "None"}; expected a non-negative integer");
            shape[i] = (int)d;
            numel *= d;
            if (numel > int.MaxValue)
                throw Npy.Invalid(source, $"shape has more than {int.MaxValue} elements: {Excerpt(text)}");
        }
        return new NpyHeader(descr, encoding, bigEndian, fortran, shape, numel);
    }

    private static object? Require(string source, Dictionary<string, object?> dict, string key) =>
        dict.TryGetValue(key, out var value)
            ? value
            : throw Npy.Invalid(source, $"the header has no '{key}' (it needs descr, fortran_order and shape)");

    /// <summary>'&lt;f4' and the like: byte order ('&lt;', '&gt;', '=' native, '|' none), kind 'f', item size 2, 4 or 8.</summary>
    private static (ElementEncoding Encoding, bool BigEndian) ParseDescr(string source, string descr)
    {
        if (descr.Length == 3 && descr[0] is '<' or '>' or '=' && descr[1] == 'f')
        {
            var bigEndian = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
            switch (descr[2])
            {
                case '2': return (ElementEncoding.Float16, bigEndian);
                case '4': return (ElementEncoding.Float32, bigEndian);
                case '8': return (ElementEncoding.Float64, bigEndian);
            }
        }
        throw Npy.Invalid(source, $"unsupported descr '{descr}' (this engine reads float16/32/64: '<f2', '<f4', '<f8' and the big-endian '>f2', '>f4', '>f8')");
    }

    private static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed[..200] + "...";
    }
}
