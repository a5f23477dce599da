namespace Engine.Tensors.Formats;

/// <summary>
/// A folder of .npy files holding named tensors, one file per tensor named after it
/// (<c>conv1.weight.npy</c>, <c>real.npy</c>): what <c>numpy.save</c> in a loop writes, for tools without safetensors.
/// </summary>
public static class NpyFolder
{
    /// <summary>Reads every <c>*.npy</c> file directly in <paramref name="directory"/>, each named after its file without <c>.npy</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="MalformedFileException">The folder holds no .npy file, or a file is malformed (the message names it).</exception>
    public static IReadOnlyDictionary<string, HostTensor> Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"npy folder '{directory}' does not exist");
        var files = Directory.GetFiles(directory, "*.npy").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new MalformedFileException(directory, $"npy folder '{directory}' holds no .npy files (expected one per tensor, e.g. 'real.npy')");
        var tensors = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var tensor = Npy.Load(file);
            tensors[tensor.Name] = tensor;
        }
        return tensors;
    }

    /// <summary>Writes each tensor to <paramref name="directory"/>/NAME.npy (atomically, file by file), creating the folder.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated, or not usable as a file name.</exception>
    public static void Save(string directory, IEnumerable<HostTensor> tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            if (string.IsNullOrEmpty(t.Name) || t.Name is "." or ".." || t.Name.IndexOfAny(['/', '\\', '\0']) >= 0 || t.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                throw new ArgumentException($"npy folder '{directory}': tensor name '{t.Name}' cannot be a file name");
            if (!seen.Add(t.Name)) throw new ArgumentException($"npy folder '{directory}': tensor name '{t.Name}' appears twice");
        }
        Directory.CreateDirectory(directory);
        foreach (var t in list) Npy.Save(Path.Combine(directory, t.Name + ".npy"), t);
    }
}
