using Xunit;
using Engine.Tensors.Formats;

namespace Engine.Tests.Formats;

public class AtomicFileTests
{
    [Fact]
    public void Write_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        AtomicFile.Write(path, s => s.Write([9, 8]));
        Assert.Equal(new byte[] { 9, 8 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_callback_that_throws_midway_leaves_the_old_file_intact_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100_000]);
            s.Flush();
            throw new InvalidOperationException("crash in the middle");
        }));
        Assert.Equal("crash in the middle", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_failed_first_write_creates_no_file_at_all()
    {
        using var dir = new TempDirectory();
        var path = dir.File("new.bin");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writing_into_a_missing_directory_names_the_path()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "missing", "ckpt.safetensors");
        var e = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, s => s.WriteByte(1)));
        Assert.IsType<DirectoryNotFoundException>(e);
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Writing_over_a_directory_is_refused_with_its_path()
    {
        using var dir = new TempDirectory();
        var e = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(dir.Path, s => s.WriteByte(1)));
        Assert.Contains(dir.Path, e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
