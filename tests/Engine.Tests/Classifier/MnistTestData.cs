using Engine.Gan.Data.Mnist;

namespace Engine.Tests.Classifier;

/// <summary>
/// The MNIST digits at &lt;repo&gt;/data/mnist (fetched by scripts/fetch-mnist.sh, which CI runs before
/// the tests). Missing data fails the test that needs it, with the command that fetches it: a silent
/// skip would let CI pass without ever running the MNIST checks.
/// </summary>
internal static class MnistTestData
{
    private static readonly Lazy<MnistImages> Images = new(() =>
    {
        var directory = Path.Combine(RepositoryRoot(), "data", "mnist");
        try
        {
            return MnistFiles.Load(directory);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException($"MNIST test data missing: {e.Message}. Run scripts/fetch-mnist.sh from the repository root (CI runs it before the tests).", e);
        }
    });

    /// <summary>The digits (read once per test run).</summary>
    public static MnistImages Load() => Images.Value;

    /// <summary>The folder holding Engine.sln above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Engine.sln above {AppContext.BaseDirectory}: cannot find the repository's data/mnist");
    }
}
