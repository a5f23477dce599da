using Xunit;
using Engine.Tensors.Formats;
using static Engine.Tests.Formats.FormatsTestData;

namespace Engine.Tests.Formats;

public class NpyCorruptionTests
{
    private const string Source = "bad.npy";
    private const string Good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";

    private static void Refused(byte[] bytes, params string[] fragments)
    {
        var e = Assert.Throws<MalformedFileException>(() => Npy.Load(new MemoryStream(bytes), Source));
        Assert.Contains(Source, e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void Bad_magic()
    {
        var bytes = NpyBytes(Good, 1, new byte[24]);
        bytes[1] = (byte)'X';
        Refused(bytes, "bad magic");
    }

    [Fact]
    public void An_empty_stream() => Refused([], "bad magic");

    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void An_unsupported_version(byte major, byte minor)
    {
        var bytes = NpyBytes(Good, 1, new byte[24]);
        bytes[6] = major;
        bytes[7] = minor;
        Refused(bytes, $"version {major}.{minor}");
    }

    [Fact]
    public void A_header_length_beyond_the_file()
    {
        var bytes = NpyBytes(Good, 1, new byte[24]);
        bytes[8] = 0xFF;
        bytes[9] = 0x7F;
        Refused(bytes, "header length is 32767", "follow");
    }

    [Fact]
    public void A_header_length_beyond_a_non_seekable_stream()
    {
        var bytes = NpyBytes(Good, 2, []);
        bytes[9] = 0x10; // 60 + 4096 bytes claimed, 60 present
        var e = Assert.Throws<MalformedFileException>(() => Npy.Load(new ForwardOnlyStream(bytes), Source));
        Assert.Contains("header length is 4156", e.Message);
        Assert.Contains("only 60 bytes follow", e.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), \n", "not a Python dict literal")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3)}\n", "unknown name 'Maybe'")]
    [InlineData("['<f4', False, (2, 3)]\n", "must be a dict")]
    [InlineData("{'descr': '<f4', 'shape': (2, 3)}\n", "no 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}\n", "'fortran_order' must be True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 6}\n", "'shape' must be a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}\n", "shape dimension 1 is -3")]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3)}\n", "unsupported descr '<i8'")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3)}\n", "unsupported descr '|u1'")]
    [InlineData("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2, 3)}\n", "structured dtypes are not supported")]
    public void A_bad_header_dict(string header, string fragment) => Refused(NpyBytes(header, 1, new byte[48]), fragment);

    [Fact]
    public void Data_shorter_than_the_shape_needs() =>
        Refused(NpyBytes(Good, 1, new byte[20]), "truncated", "needs 24 bytes, found 20");

    [Fact]
    public void A_shape_too_large_for_memory() =>
        Refused(NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 40000), }\n", 1, []), "more than one array can hold");

    /// <summary>A stream that cannot seek or report its length, like a pipe or a network stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
