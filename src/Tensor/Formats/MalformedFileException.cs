namespace Engine.Tensors.Formats;

/// <summary>
/// An outside file (a tensor file, a data set, a checkpoint, a metrics log) that this engine refuses
/// to read: the message is one line naming the file, the entry at fault and what was expected. Every
/// parser of outside files throws this type and only this type for bad contents, so a caller (the
/// command line, a fuzz test) can tell a refused file from a bug.
/// </summary>
public sealed class MalformedFileException : FormatException
{
    /// <summary>A refusal of <paramref name="file"/>; <paramref name="message"/> is the whole one-line message.</summary>
    public MalformedFileException(string file, string message, Exception? inner = null) : base(OneLine(message), inner)
    {
        File = file;
    }

    /// <summary>The path or label of the refused file.</summary>
    public string File { get; }

    // A message quotes bytes of the file: keep it on one line whatever they hold.
    private static string OneLine(string message) =>
        message.Contains('\n') || message.Contains('\r') ? message.Replace("\r", "\\r").Replace("\n", "\\n") : message;
}
