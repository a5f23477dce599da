using Engine.Gan.Training;
using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Hostile;

/// <summary>
/// <c>inspect</c> and <c>figure</c> take their <c>--out</c> folder as <c>train</c> does (issue 14): a folder
/// another command holds is refused naming the holder, and earlier outputs are replaced only with <c>--overwrite</c>.
/// </summary>
public sealed class OutputFolderClaimTests : CliHarness
{
    public OutputFolderClaimTests() => Directory.CreateDirectory(_root);

    private string P(params string[] parts) => Path.Combine([_root, .. parts]);

    private string[] Inspect(string dir, params string[] extra) =>
        ["inspect", "--model", "toy-mlp", "--penalty", "gp", "--width", "3", "--batch", "4", "--out", P(dir), .. extra];

    private string[] Figure(string dir, params string[] extra) =>
        ["figure", "weights", "--iters", "1", "--width", "4", "--batch", "4", "--out", P(dir), .. extra];

    private static void Refused((int Code, string Out, string Err) run, string expected)
    {
        Assert.True(run.Code == 2, $"exit {run.Code}: {run.Err}{run.Out}");
        Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, run.Err);
    }

    [Fact]
    public void Inspect_refuses_a_folder_another_command_holds_naming_its_pid()
    {
        Directory.CreateDirectory(P("busy"));
        using (RunLock.Acquire(P("busy"), "train"))
            Refused(Run(Inspect("busy")), $"pid {Environment.ProcessId}");
        var (code, output, error) = Run(Inspect("busy"));
        Assert.True(code == 0, error + output); // released
    }

    [Fact]
    public void Inspect_replaces_its_earlier_graph_only_with_overwrite()
    {
        var (code, output, error) = Run(Inspect("again"));
        Assert.True(code == 0, error + output);
        var profile = P("again", "profile.json");
        var first = File.ReadAllText(profile);
        File.WriteAllText(P("again", "notes.txt"), "mine");
        var refused = Run(Inspect("again"));
        Refused(refused, "already holds");
        Assert.Contains("profile.json", refused.Err);
        Assert.Contains("--overwrite", refused.Err);
        Assert.Equal(first, File.ReadAllText(profile));
        File.Delete(profile);
        File.WriteAllText(P("again", "graph.dot"), "stale");
        (code, output, error) = Run(Inspect("again", "--overwrite"));
        Assert.True(code == 0, error + output);
        Assert.StartsWith("digraph", File.ReadAllText(P("again", "graph.dot")));
        Assert.True(File.Exists(profile));
        Assert.Equal("mine", File.ReadAllText(P("again", "notes.txt"))); // not inspect's: left alone
        Assert.False(File.Exists(P("again", RunLock.FileName + ".owner"))); // released at the end
    }

    [Fact]
    public void Figure_refuses_a_held_folder_and_its_own_earlier_files_without_overwrite()
    {
        Directory.CreateDirectory(P("fig"));
        using (RunLock.Acquire(P("fig"), "train"))
            Refused(Run(Figure("fig")), "in use");
        var (code, output, error) = Run(Figure("fig"));
        Assert.True(code == 0, error + output);
        var png = P("fig", "figure_weights.png");
        var before = File.ReadAllBytes(png);
        var refused = Run(Figure("fig"));
        Refused(refused, "figure_weights.png");
        Assert.Contains("--overwrite", refused.Err);
        Assert.Equal(before, File.ReadAllBytes(png));
        (code, output, error) = Run(Figure("fig", "--overwrite", "--seed", "2"));
        Assert.True(code == 0, error + output);
        Assert.NotEqual(before, File.ReadAllBytes(png));
    }
}
