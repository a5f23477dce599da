using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Engine.Gan.Data.Mnist;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Engine.Tests.Formats;
using Xunit;
using Xunit.Abstractions;
using CsCheck;

namespace Engine.Tests.Hostile;

/// <summary>
/// A fuzz test per parser of outside files: truncations at every offset, random byte-level and
/// text-level mutants (CsCheck), and hand-made hostile cases. Each mutant must be refused with a
/// <see cref="MalformedFileException"/> naming the file, or parse to a valid result, within
/// <see cref="Mutants.AllocationBound"/>. Sized to run in seconds on two cores.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] SmallSafeTensors() => SafeTensors.Serialize(
        [FormatsTestData.Ramp("l1.weight", DType.Float32, 3, 2), FormatsTestData.Ramp("l1.bias", DType.Float64, 3), FormatsTestData.Ramp("empty", DType.Float32, 0, 4)],
        new Dictionary<string, string> { ["format"] = "pt", ["note"] = "caf\u00e9" });

    private static bool ValidTensors(SafeTensorsFile f) => f.Tensors.Values.All(t => t.Data.Length == Shape.Numel(t.Shape));

    [Fact]
    public void Safetensors_mutants_are_refused_cleanly_or_read_validly()
    {
        var original = SmallSafeTensors();
        var m = new Mutants("safetensors", "fuzz.safetensors", output);
        object? Parse(byte[] b) => SafeTensors.Load(b, "fuzz.safetensors");
        bool Correct(object? r) => ValidTensors((SafeTensorsFile)r!);
        m.Truncations(original, Parse, Correct);
        m.Random(original, 3000, Parse, Correct);

        var header = Encoding.UTF8.GetString(original, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(original));
        var data = original[(8 + Encoding.UTF8.GetByteCount(header))..];
        byte[] WithHeader(string h) => FormatsTestData.SafeTensorsBytes(h, data);
        var hostile = new (string Kind, byte[] Bytes)[]
        {
            ("deep nesting", WithHeader("{\"x\":" + Mutants.DeepJson(100_000) + "}")),
            ("lone surrogate in a name", WithHeader(header.Replace("l1.bias", "l1.b\\ud800"))),
            ("lone surrogate in metadata", WithHeader(header.Replace("caf\u00e9", "\\udc00"))),
            ("huge dimension", WithHeader(header.Replace("[3,2]", "[2147483647,2147483647]"))),
            ("negative dimension", WithHeader(header.Replace("[3,2]", "[-3,-2]"))),
            ("overflowing shape", WithHeader(header.Replace("[3,2]", "[65536,65536,65536,65536]"))),
            ("zero dimension with offsets", WithHeader(header.Replace("[3,2]", "[20000,0]"))),
            ("rank 1000", WithHeader(header.Replace("[3,2]", "[" + string.Join(",", Enumerable.Repeat(1, 1000)) + "]"))),
            ("huge offset", WithHeader(header.Replace("[0,24]", "[0,18446744073709551615]"))),
            ("negative offset", WithHeader(header.Replace("[0,24]", "[-24,0]"))),
            ("header length one short", [.. BitConverter.GetBytes(BinaryPrimitives.ReadUInt64LittleEndian(original) - 1), .. original[8..]]),
            ("trailing bytes", [.. original, 0, 0, 0, 0]),
            ("header length 2^63", [.. BitConverter.GetBytes(1UL << 63), .. original[8..]]),
        };
        foreach (var (kind, bytes) in hostile)
        {
            var before = m.Refused;
            m.Check(kind, bytes, Parse, Correct);
            Assert.True(m.Refused == before + 1, $"safetensors: {kind} was accepted");
        }
        m.Report();
    }

    private static byte[] SmallNpy() => Npy.Serialize(FormatsTestData.Ramp("", DType.Float64, 3, 4));

    [Fact]
    public void Npy_mutants_are_refused_cleanly_or_read_validly()
    {
        var original = SmallNpy();
        var m = new Mutants("npy", "fuzz.npy", output);
        object? Parse(byte[] b) => Npy.Load(new MemoryStream(b), "fuzz.npy");
        object? ParseUnseekable(byte[] b) => Npy.Load(new ForwardOnlyStream(b), "fuzz.npy");
        bool Correct(object? r) => r is HostTensor t && t.Data.Length == Shape.Numel(t.Shape);
        m.Truncations(original, Parse, Correct);
        m.Truncations(original, ParseUnseekable, Correct);
        m.Random(original, 3000, Parse, Correct);
        m.Random(original, 500, ParseUnseekable, Correct);

        var hostile = new (string Kind, string Header)[]
        {
            ("deep nesting", "{'descr': '<f8', 'fortran_order': False, 'shape': " + new string('(', 50_000) + new string(')', 50_000) + ", }"),
            ("268M doubles claimed", "{'descr': '<f8', 'fortran_order': False, 'shape': (268435456,), }"),
            ("overflowing shape", "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
            ("shape product over int", "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }"),
            ("negative dimension", "{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 4), }"),
            ("integer past 64 bits", "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }"),
            ("rank 100", "{'descr': '<f8', 'fortran_order': False, 'shape': (" + string.Join(", ", Enumerable.Repeat(1, 100)) + "), }"),
            ("Fortran order, wrong length", "{'descr': '<f8', 'fortran_order': True, 'shape': (5, 5), }"),
            ("unterminated string", "{'descr': '<f8"),
            ("bad escape at the end", "{'descr': '<f8\\"),
        };
        foreach (var (kind, header) in hostile)
        {
            var bytes = FormatsTestData.NpyBytes(header.PadRight(header.Length + 63 - (header.Length + 10) % 64) + "\n", 1, new byte[96]);
            if (header.Length > 60000) bytes = FormatsTestData.NpyBytes(header + "\n", 2, new byte[96]);
            var before = m.Refused;
            m.Check(kind, bytes, Parse, Correct);
            m.Check(kind + " (unseekable)", bytes, ParseUnseekable, Correct);
            Assert.True(m.Refused == before + 2, $"npy: {kind} was accepted");
        }
        // A version 3.0 header that is not UTF-8.
        var v3 = FormatsTestData.NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }      \n", 3, new byte[8]);
        v3[20] = 0xFF;
        m.Check("version 3 bad UTF-8", v3, Parse, Correct);
        m.Report();
    }

    [Fact]
    public void Npy_files_and_folders_refuse_trailing_bytes_and_bad_members()
    {
        var m = new Mutants("npy folder", _dir.Path, output);
        var original = SmallNpy();
        WriteBoth(original);
        object? Parse(byte[] b)
        {
            File.WriteAllBytes(_dir.File("w.npy"), b);
            return NpyFolder.Load(_dir.Path);
        }
        m.Truncations(original, Parse);
        m.Random(original, 300, Parse, r => r is IReadOnlyDictionary<string, HostTensor> d && d.Count == 2);
        var before = m.Refused;
        m.Check("trailing bytes", [.. original, 1, 2, 3], Parse);
        Assert.Equal(before + 1, m.Refused);
        m.Report();

        void WriteBoth(byte[] bytes)
        {
            File.WriteAllBytes(_dir.File("w.npy"), bytes);
            File.WriteAllBytes(_dir.File("b.npy"), bytes);
        }
    }

    /// <summary>An IDX file: big-endian magic and dimension sizes, then the bytes.</summary>
    internal static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        return [.. header, .. data];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest)) gz.Write(bytes);
        return memory.ToArray();
    }

    [Fact]
    public void Idx_mutants_plain_and_gzip_are_refused_cleanly_or_read_validly()
    {
        var images = Idx(0x803, [2, 28, 28], Enumerable.Range(0, 2 * 784).Select(i => (byte)i).ToArray());
        var labels = Idx(0x801, [2], [3, 7]);
        File.WriteAllBytes(_dir.File("labels"), labels);
        File.WriteAllBytes(_dir.File("labels.gz"), Gzip(labels));
        var m = new Mutants("idx", "images", output);
        object? Read(byte[] b, string suffix)
        {
            File.WriteAllBytes(_dir.File("images" + suffix), b);
            return IdxReader.Read(_dir.File("images" + suffix), _dir.File("labels" + suffix));
        }
        bool Correct(object? r) => r is MnistImages i && i.Pixels.Length == i.Count * i.Height * i.Width;
        m.Truncations(images, b => Read(b, ""), Correct);
        m.Random(images, 800, b => Read(b, ""), Correct);
        var gz = Gzip(images);
        // A gzip file cut inside its 8-byte trailer (CRC and size) still inflates to the whole body, which is then the original.
        m.Truncations(gz, b => Read(b, ".gz"), r => r is MnistImages i && i.Pixels.SequenceEqual(images[16..].Select(p => p / 255f)), mustRefuse: false);
        m.Random(gz, 800, b => Read(b, ".gz"), Correct);
        // Mutate the content, then compress it: the header's claims reach the reader intact.
        CsCheck.Gen.Select(CsCheck.Gen.Int[0, 9], CsCheck.Gen.Int[0, int.MaxValue], CsCheck.Gen.Int[0, int.MaxValue], CsCheck.Gen.Byte)
            .Sample((kind, a, b, v) => m.Check("gzip of a mutant", Gzip(Mutants.Mutate(images, kind, a, b, v).Bytes), x => Read(x, ".gz"), Correct), iter: 500, threads: 1);

        var hostile = new (string Kind, byte[] Bytes, string Suffix)[]
        {
            ("dimension product overflows", Idx(0x803, [65536, 65536, 65536], new byte[64]), ""),
            ("dimension product overflows (gzip)", Gzip(Idx(0x803, [65536, 65536, 65536], new byte[64])), ".gz"),
            ("2 GB claimed in a small gzip", Gzip(Idx(0x803, [2_000_000, 28, 28], new byte[784])), ".gz"),
            ("64 MiB of zeros after a valid body (gzip)", Gzip([.. images, .. new byte[64 << 20]]), ".gz"),
            ("negative dimension", Idx(0x803, [-2, 28, 28], images[16..]), ""),
        };
        foreach (var (kind, bytes, suffix) in hostile)
        {
            var before = m.Refused;
            m.Check(kind, bytes, b => Read(b, suffix), Correct);
            Assert.True(m.Refused == before + 1, $"idx: {kind} was accepted");
        }
        m.Report();
    }

    [Fact]
    public void Npm_digit_mutants_are_refused_cleanly_or_read_validly()
    {
        var digits = Path.Combine(_dir.Path, "digits");
        Directory.CreateDirectory(digits);
        string File784(double v) => "{\"data\":[" + string.Join(",", Enumerable.Repeat(v.ToString(System.Globalization.CultureInfo.InvariantCulture), 784)) + "]}";
        for (var d = 1; d < 10; d++) File.WriteAllText(Path.Combine(digits, $"{d}.json"), File784(0.5));
        var original = Encoding.UTF8.GetBytes(File784(0.25));
        var m = new Mutants("npm digits", "0.json", output);
        object? Parse(byte[] b)
        {
            File.WriteAllBytes(Path.Combine(digits, "0.json"), b);
            return NpmMnistReader.Read(digits);
        }
        bool Correct(object? r) => r is MnistImages i && i.Pixels.All(p => p is >= 0 and <= 1) && i.Count >= 10;
        // Every 7th offset: the digits file is 3 KB and each parse reads all ten files.
        for (var n = 0; n < original.Length; n += 7) m.Check("truncation", original[..n], Parse, Correct);
        m.Random(original, 600, Parse, Correct);
        var hostile = new (string Kind, string Json)[]
        {
            ("deep nesting", "{\"data\":" + Mutants.DeepJson(100_000) + "}"),
            ("lone surrogate key", "{\"d\\ud800\":[]}"),
            ("NaN", "{\"data\":[NaN]}"),
            ("Infinity", "{\"data\":[Infinity]}"),
            ("1e400", "{\"data\":[" + string.Join(",", Enumerable.Repeat("1e400", 784)) + "]}"),
            ("negative", "{\"data\":[" + string.Join(",", Enumerable.Repeat("-0.5", 784)) + "]}"),
            ("strings", "{\"data\":[" + string.Join(",", Enumerable.Repeat("\"0\"", 784)) + "]}"),
        };
        foreach (var (kind, json) in hostile)
        {
            var before = m.Refused;
            m.Check(kind, Encoding.UTF8.GetBytes(json), Parse, Correct);
            Assert.True(m.Refused == before + 1, $"npm digits: {kind} was accepted");
        }
        m.Report();
    }

    [Fact]
    public void Metrics_log_mutants_are_refused_cleanly_or_read_as_a_prefix()
    {
        var lines = new[]
        {
            "{\"iter\":0,\"critic_loss\":-0.5,\"gen_loss\":null,\"wasserstein\":0.25,\"penalty\":0.125,\"grad_norm_mean\":0.9,\"grad_norm_std\":0.01,\"seconds\":0.1}",
            "{\"iter\":10,\"critic_loss\":-0.75,\"gen_loss\":0.5,\"wasserstein\":0.5,\"penalty\":0.1,\"grad_norm_mean\":1.1,\"grad_norm_std\":0.02,\"seconds\":0.2,\"modes_covered\":8,\"high_quality_fraction\":0.9,\"mmd2\":0.001}",
            "{\"iter\":20,\"critic_loss\":-1,\"gen_loss\":0.75,\"wasserstein\":1,\"penalty\":0.05,\"grad_norm_mean\":1,\"grad_norm_std\":0.03,\"seconds\":0.3}",
        };
        var original = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var path = _dir.File("metrics.jsonl");
        var m = new Mutants("metrics.jsonl", "metrics.jsonl", output);
        object? Parse(byte[] b)
        {
            File.WriteAllBytes(path, b);
            return MetricsLog.Read(path);
        }
        // A cut file reads as the lines before the cut (the last one, cut short, is dropped).
        bool Prefix(object? r) => r is List<(string Text, IterationStats Stats)> read && read.Select(x => x.Text).SequenceEqual(lines.Take(read.Count));
        m.Truncations(original, Parse, Prefix, mustRefuse: false);
        m.Random(original, 2000, Parse, r => r is List<(string, IterationStats)>);
        var hostile = new (string Kind, string Text)[]
        {
            ("deep nesting", Mutants.DeepJson(100_000) + "\n" + lines[2] + "\n"),
            ("iter as a string", lines[0].Replace("\"iter\":0", "\"iter\":\"0\"") + "\n" + lines[1] + "\n"),
            ("iter negative", lines[0].Replace("\"iter\":0", "\"iter\":-1") + "\n" + lines[1] + "\n"),
            ("iter past int", lines[0].Replace("\"iter\":0", "\"iter\":99999999999") + "\n" + lines[1] + "\n"),
            ("NaN literal", lines[0].Replace("-0.5", "NaN") + "\n" + lines[1] + "\n"),
            ("lone surrogate key", lines[0].Replace("\"seconds\"", "\"\\ud800\"") + "\n" + lines[1] + "\n"),
            ("an array line", "[1,2]\n" + lines[1] + "\n"),
            ("decreasing iterations", lines[1] + "\n" + lines[0] + "\n"),
            ("mixed runs", lines[0] + "\n" + lines[1] + "\n" + lines[1] + "\n"),
            ("a number where an object was", lines[1].Replace("\"mmd2\":0.001", "\"mmd2\":{}") + "\n" + lines[2] + "\n"),
            ("duplicate key", lines[0].Replace("\"seconds\":0.1", "\"seconds\":0.1,\"seconds\":0.2") + "\n" + lines[1] + "\n"),
        };
        foreach (var (kind, text) in hostile)
        {
            var before = m.Refused;
            m.Check(kind, Encoding.UTF8.GetBytes(text), Parse);
            Assert.True(m.Refused == before + 1, $"metrics.jsonl: {kind} was accepted");
        }
        m.Report();
    }

    /// <summary>A read-only stream that cannot seek, as a pipe: the reader cannot check a claim against a length.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
