using System.Diagnostics;
using System.Globalization;

namespace Engine.Gan.Training;

/// <summary>
/// Exclusive ownership of a run folder: an operating-system lock on <c>.lock</c> inside it, held
/// until disposed (or until the process dies, when the system releases it, so a killed run never
/// leaves a folder locked). The holder's PID is written to <c>.lock.owner</c> so that a second
/// process can say who holds it.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _owner;

    private RunLock(FileStream handle, string owner)
    {
        _lock = handle;
        _owner = owner;
    }

    /// <summary>The lock file's name inside a run folder.</summary>
    public const string FileName = ".lock";

    /// <summary>Takes the lock on <paramref name="directory"/> (which must exist) for <paramref name="purpose"/> (named to a second process).</summary>
    /// <exception cref="IOException">Another process (or another run in this one) holds it; the message names its PID.</exception>
    public static RunLock Acquire(string directory, string purpose)
    {
        var path = Path.Combine(directory, FileName);
        var ownerPath = path + ".owner";
        FileStream handle;
        try
        {
            // FileShare.None takes an exclusive flock on Unix (and a share lock on Windows).
            handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"--out '{directory}' is in use by {Holder(ownerPath)}; wait for it to finish or choose another --out", e);
        }
        try
        {
            var self = Process.GetCurrentProcess();
            File.WriteAllText(ownerPath, string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} ({self.ProcessName}) on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {purpose}\n"));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return new RunLock(handle, ownerPath);
    }

    /// <summary>
    /// Takes <paramref name="directory"/> (created when missing) for a command that writes <paramref name="outputs"/>
    /// into it (file names), as <c>train</c> takes its folder: another process's lock is refused naming it, and
    /// outputs left there by an earlier run are refused unless <paramref name="overwrite"/>, which deletes them first.
    /// </summary>
    /// <exception cref="IOException">The folder is in use, or holds some of <paramref name="outputs"/> and <paramref name="overwrite"/> is false.</exception>
    public static RunLock Claim(string directory, string purpose, IReadOnlyList<string> outputs, bool overwrite)
    {
        var full = new RunOutputs(directory).Directory;
        var claim = Acquire(full, purpose);
        try
        {
            Engine.Tensors.Formats.AtomicFile.RemoveStale(full);
            var existing = outputs.Select(f => Path.Combine(full, f)).Where(File.Exists).ToArray();
            if (existing.Length > 0 && !overwrite)
                throw new IOException($"--out '{directory}' already holds {string.Join(", ", existing.Select(Path.GetFileName))} " +
                    $"from an earlier {purpose}; pass --overwrite to replace them or choose another --out");
            foreach (var f in existing) File.Delete(f);
            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    private static string Holder(string ownerPath)
    {
        try
        {
            var text = File.ReadAllText(ownerPath).Trim();
            return text.Length is > 0 and < 400 ? $"another process ({text})" : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    /// <summary>Releases the folder.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_owner);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock itself is what matters; a stale owner note is overwritten by the next holder.
        }
        _lock.Dispose();
    }
}
