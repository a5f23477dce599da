namespace Engine.Tensors.Formats;

/// <summary>The contents of a safetensors file: its tensors by name and its string metadata.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(string sourceName, IReadOnlyDictionary<string, HostTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        SourceName = sourceName;
        Tensors = tensors;
        Metadata = metadata;
        Names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Where the bytes came from (a path or a caller's label), as used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The tensors by name (half-precision tensors already widened to float32).</summary>
    public IReadOnlyDictionary<string, HostTensor> Tensors { get; }

    /// <summary>The "__metadata__" map of the header; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message lists the names the file holds.</exception>
    public HostTensor Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Tensors.TryGetValue(name, out var t)) return t;
        const int shown = 20;
        var list = Names.Count == 0 ? "none" : string.Join(", ", Names.Take(shown).Select(n => $"'{n}'"));
        if (Names.Count > shown) list += $" and {Names.Count - shown} more";
        throw new KeyNotFoundException($"safetensors '{SourceName}' has no tensor '{name}'; available: {list}");
    }
}
