using Engine.Tensors.Formats;

namespace Engine.Gan.Probe;

/// <summary>
/// The named tensors a probe reads or writes: a safetensors file, or a folder of .npy files (one per
/// tensor, named like <c>conv1.weight.npy</c>; see <see cref="NpyFolder"/>).
/// </summary>
public sealed class ProbeTensors
{
    /// <summary>Wraps tensors by name, read from <paramref name="source"/> (named in messages).</summary>
    public ProbeTensors(string source, IReadOnlyDictionary<string, HostTensor> tensors)
    {
        Source = source;
        Tensors = tensors;
    }

    /// <summary>The path the tensors came from.</summary>
    public string Source { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, HostTensor> Tensors { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message lists the names present.</exception>
    public HostTensor Get(string name) => Tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"'{Source}' has no tensor '{name}'; available: {string.Join(", ", Tensors.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}");

    /// <summary>The tensors of a safetensors file.</summary>
    public static ProbeTensors From(SafeTensorsFile file) => new(file.SourceName, file.Tensors);

    /// <summary>Reads <paramref name="path"/>: a folder of .npy files when it is a folder, else a safetensors file.</summary>
    public static ProbeTensors Load(string path) =>
        Directory.Exists(path) ? new ProbeTensors(path, NpyFolder.Load(path)) : From(SafeTensors.Load(path));

    /// <summary>True when <paramref name="path"/> names a safetensors file (ends in .safetensors), false for a folder of .npy files.</summary>
    public static bool IsSafeTensorsPath(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Writes <paramref name="tensors"/> to a safetensors file when <paramref name="path"/> ends in
    /// .safetensors (with <paramref name="metadata"/>), else one .npy per tensor into the folder <paramref name="path"/>
    /// (the metadata, which .npy cannot hold, is dropped).
    /// </summary>
    public static void Save(string path, IEnumerable<HostTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (IsSafeTensorsPath(path)) SafeTensors.Save(path, tensors, metadata);
        else NpyFolder.Save(path, tensors);
    }
}
