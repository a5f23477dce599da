namespace Engine.Tensors.Formats;

/// <summary>
/// Writes a file so that readers see either the old contents or the complete new contents, never
/// half a file: the bytes go to a temporary file beside the target, are flushed to disk, and the
/// temporary file is then renamed over the target (an atomic replace on one file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a stream on a temporary file in the directory of
    /// <paramref name="path"/>, flushes it to disk and renames it to <paramref name="path"/>,
    /// replacing any existing file. If anything throws, the temporary file is deleted, the exception
    /// propagates and an existing file at <paramref name="path"/> is left untouched.
    /// The callback must not dispose the stream.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    /// <exception cref="IOException">Creating, writing or renaming the file failed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"cannot write '{full}': it names no file");
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"cannot write '{full}': the directory '{directory}' does not exist");
        if (Directory.Exists(full))
            throw new IOException($"cannot write '{full}': it is a directory");

        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        var stream = CreateTemp(full, directory, temp);
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Replace(full, temp);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically (see <see cref="Write(string, Action{Stream})"/>).</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, s => s.Write(bytes));
    }

    /// <summary>
    /// Deletes the temporary files that writes into <paramref name="directory"/> left behind when
    /// they were killed before the rename (<c>NAME.&lt;32 hex digits&gt;.tmp</c>); returns their names.
    /// Call it only while no other process writes there (under the folder's lock).
    /// </summary>
    public static IReadOnlyList<string> RemoveStale(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var removed = new List<string>();
        if (!Directory.Exists(directory)) return removed;
        foreach (var file in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            var name = Path.GetFileName(file);
            var stem = name[..^".tmp".Length];
            var dot = stem.LastIndexOf('.');
            if (dot < 1 || stem.Length - dot - 1 != 32 || !stem[(dot + 1)..].All(char.IsAsciiHexDigitLower)) continue;
            TryDelete(file);
            if (!File.Exists(file)) removed.Add(name);
        }
        return removed;
    }

    private static FileStream CreateTemp(string full, string directory, string temp)
    {
        try
        {
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"cannot write '{full}': no permission to create a file in '{directory}'", e);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write '{full}': creating the temporary file '{temp}' failed: {e.Message}", e);
        }
    }

    private static void Replace(string full, string temp)
    {
        try
        {
            File.Move(temp, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"cannot write '{full}': renaming the temporary file over it was refused: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write '{full}': renaming the temporary file over it failed: {e.Message}", e);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
