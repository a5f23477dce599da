using Xunit;
using System.Buffers.Binary;
using Engine.Tensors.Formats;
using static Engine.Tests.Formats.FormatsTestData;

namespace Engine.Tests.Formats;

/// <summary>Every length and offset of an outside file is checked; each refusal names the file, the tensor and the fault.</summary>
public class SafeTensorsCorruptionTests
{
    private const string Source = "bad.safetensors";

    private static void Refused(byte[] bytes, params string[] fragments)
    {
        var e = Assert.Throws<MalformedFileException>(() => SafeTensors.Load(bytes, Source));
        Assert.Contains(Source, e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    private static string Entry(string name, string dtype, string shape, string offsets) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":{offsets}}}";

    [Fact]
    public void A_file_shorter_than_the_length_prefix() => Refused([1, 2, 3], "3 bytes long");

    [Fact]
    public void A_header_length_beyond_the_cap()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        Refused(bytes, "header length", "limit");
    }

    [Fact]
    public void A_header_length_beyond_the_file()
    {
        var bytes = SafeTensorsBytes("{}");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        Refused(bytes, "header length is 1000", "only 2 bytes follow");
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object, found an array")]
    [InlineData("{\"w\": 3}", "tensor 'w'", "found a number")]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'w'", "no 'dtype'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "tensor 'w'", "no 'shape'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "tensor 'w'", "no 'data_offsets'")]
    [InlineData("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'w'", "'dtype' must be a string")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", "tensor 'w'", "'shape' must be an array")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "tensor 'w'", "must be [begin, end]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,-4]}}", "tensor 'w'", "end is -4")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "'w' more than once")]
    [InlineData("{\"__metadata__\":{\"step\":3}}", "__metadata__", "'step'", "must be a string")]
    [InlineData("{\"__metadata__\":[\"a\"]}", "__metadata__", "must be an object")]
    public void A_malformed_header(string header, params string[] fragments) =>
        Refused(SafeTensorsBytes(header, new byte[8]), fragments);

    [Fact]
    public void A_header_that_is_not_UTF8()
    {
        var bytes = SafeTensorsBytes("{\"w\":1}");
        bytes[10] = 0xFF; // inside the name
        Refused(bytes, "not valid UTF-8");
    }

    [Theory]
    [InlineData("[2,-3]", "shape dimension 1 is -3")]
    [InlineData("[2.5]", "shape dimension 0 is 2.5")]
    [InlineData("[\"2\"]", "shape dimension 0 is \"2\"")]
    [InlineData("[3000000000]", "shape dimension 0 is 3000000000")]
    [InlineData("[100000,100000]", "more than 2147483647 elements")]
    public void A_bad_shape_dimension(string shape, string fragment) =>
        Refused(SafeTensorsBytes("{" + Entry("layer.w", "F32", shape, "[0,8]") + "}", new byte[8]), "tensor 'layer.w'", fragment);

    [Fact]
    public void Offsets_whose_begin_is_after_their_end() =>
        Refused(SafeTensorsBytes("{" + Entry("w", "F32", "[1]", "[8,4]") + "}", new byte[8]), "tensor 'w'", "[8, 4]", "begin is after end");

    [Fact]
    public void Offsets_that_end_beyond_the_data_section() =>
        Refused(SafeTensorsBytes("{" + Entry("w", "F32", "[16]", "[0,64]") + "}", new byte[8]), "tensor 'w'", "[0, 64]", "beyond the data section of 8 bytes");

    [Fact]
    public void A_byte_range_that_does_not_match_the_shape_and_dtype() =>
        Refused(SafeTensorsBytes("{" + Entry("w", "F32", "[3]", "[0,8]") + "}", new byte[8]), "tensor 'w'", "span 8 bytes", "needs 12");

    [Fact]
    public void Overlapping_tensors()
    {
        var header = "{" + Entry("a", "F32", "[2]", "[0,8]") + "," + Entry("b", "F32", "[2]", "[4,12]") + "}";
        Refused(SafeTensorsBytes(header, new byte[12]), "'a' [0, 8]", "'b' [4, 12]", "overlap");
    }

    [Fact]
    public void A_tensor_nested_inside_another()
    {
        var header = "{" + Entry("outer", "F32", "[4]", "[0,16]") + "," + Entry("c", "F32", "[1]", "[12,16]") + "," + Entry("inner", "F32", "[1]", "[4,8]") + "}";
        Refused(SafeTensorsBytes(header, new byte[16]), "'outer'", "'inner'", "overlap");
    }

    [Theory]
    [InlineData("I64")]
    [InlineData("U8")]
    [InlineData("BOOL")]
    [InlineData("F8_E4M3")]
    public void A_dtype_this_engine_does_not_read(string dtype) =>
        Refused(SafeTensorsBytes("{" + Entry("bn.num_batches_tracked", dtype, "[]", "[0,8]") + "}", new byte[8]),
            "tensor 'bn.num_batches_tracked'", $"dtype {dtype} is not supported");

    [Fact]
    public void A_missing_file_throws_naming_its_path()
    {
        using var dir = new TempDirectory();
        var path = dir.File("none.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
    }
}
