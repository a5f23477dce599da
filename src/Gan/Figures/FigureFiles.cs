using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Tensors.Formats;

namespace Engine.Gan.Figures;

/// <summary>A figure's files (its PNG and the CSV and JSON beside it), written atomically.</summary>
internal static class FigureFiles
{
    /// <summary>Indented JSON.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/> through a temporary file.</summary>
    public static void WriteText(string path, string text) =>
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes <paramref name="bytes"/> (an encoded image) to <paramref name="path"/> through a temporary file.</summary>
    public static void WriteBytes(string path, byte[] bytes) => AtomicFile.Write(path, stream => stream.Write(bytes));

    /// <summary>Writes <paramref name="json"/> indented to <paramref name="path"/>.</summary>
    public static void WriteJson(string path, JsonNode json) => WriteText(path, json.ToJsonString(Indented) + "\n");

    /// <summary>The settings of a deep-WGAN figure as JSON (penalty and weight vary per method and are left out).</summary>
    public static JsonObject Config(DeepWganConfig c) => new()
    {
        ["dataset"] = c.Dataset, ["layers"] = c.Layers, ["width"] = c.Width, ["batch"] = c.Batch, ["iters"] = c.Iters,
        ["critic_iters"] = c.CriticIters, ["seed"] = c.Seed,
        ["optimizer"] = c.LearningRate is { } lr
            ? $"rmsprop for clip, adam betas (0.5, 0.9) for gp, lr {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : "rmsprop lr 5e-5 for clip, adam lr 1e-4 betas (0.5, 0.9) for gp",
    };
}
