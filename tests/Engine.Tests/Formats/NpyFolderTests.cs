using Engine.Tensors;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Formats;

/// <summary>A folder of .npy files as a set of named tensors.</summary>
public sealed class NpyFolderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-npyfolder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Tensors_round_trip_under_their_dotted_names()
    {
        HostTensor[] tensors = [new("conv1.weight", [2, 1, 2, 2], new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }), new("alpha", [3], new double[] { 0.1, 0.5, 0.9 })];
        NpyFolder.Save(_dir, tensors);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "ignored");
        var loaded = NpyFolder.Load(_dir);
        Assert.Equal(["alpha", "conv1.weight"], loaded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DType.Float32, loaded["conv1.weight"].DType);
        Assert.Equal([2, 1, 2, 2], loaded["conv1.weight"].Shape);
        Assert.Equal((double[])tensors[1].Data, (double[])loaded["alpha"].Data);
    }

    [Fact]
    public void Names_that_are_not_file_names_and_missing_or_empty_folders_are_refused()
    {
        Assert.Contains("cannot be a file name", Assert.Throws<ArgumentException>(() => NpyFolder.Save(_dir, [new HostTensor("a/b", [1], new float[] { 1 })])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => NpyFolder.Save(_dir, [new HostTensor("a", [1], new float[] { 1 }), new HostTensor("a", [1], new float[] { 2 })])).Message);
        Assert.Throws<DirectoryNotFoundException>(() => NpyFolder.Load(Path.Combine(_dir, "missing")));
        Directory.CreateDirectory(_dir);
        Assert.Contains("no .npy files", Assert.Throws<MalformedFileException>(() => NpyFolder.Load(_dir)).Message);
        File.WriteAllBytes(Path.Combine(_dir, "bad.npy"), [1, 2, 3]);
        Assert.Contains("bad.npy", Assert.Throws<MalformedFileException>(() => NpyFolder.Load(_dir)).Message);
    }
}
