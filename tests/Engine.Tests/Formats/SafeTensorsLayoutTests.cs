using Xunit;
using System.Text;
using Engine.Tensors;
using Engine.Tensors.Formats;
using static Engine.Tests.Formats.FormatsTestData;

namespace Engine.Tests.Formats;

/// <summary>The bytes on disk, so files interoperate with Python's safetensors both ways.</summary>
public class SafeTensorsLayoutTests
{
    [Fact]
    public void A_tiny_file_has_exactly_the_bytes_the_reference_writer_produces()
    {
        var bytes = SafeTensors.Serialize(
            [new HostTensor("w", [2], new[] { 1f, -2f }), new HostTensor("a", [], new[] { 0.5 })],
            new Dictionary<string, string> { ["format"] = "pt" });

        const string json = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        Assert.Equal(138, json.Length);
        byte[] expected =
        [
            0x90, 0, 0, 0, 0, 0, 0, 0, // 144 = 138 bytes of JSON + 6 spaces of padding
            .. Encoding.ASCII.GetBytes(json + "      "),
            0, 0, 0, 0, 0, 0, 0xE0, 0x3F, // 0.5 (float64)
            0, 0, 0x80, 0x3F, // 1 (float32)
            0, 0, 0, 0xC0, // -2 (float32)
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void A_file_laid_out_the_way_Python_safetensors_writes_it_loads_with_half_precisions_widened()
    {
        // save_file({"fc.weight": f32 [1, 2], "emb": bf16 [3], "norm": f16 [2, 1]}, metadata={"format": "pt"}):
        // metadata first, then data in descending dtype order (F32, BF16, F16), header padded to 8.
        var header = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"emb\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]},"
            + "\"norm\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[14,18]}}";
        header = header.PadRight((header.Length + 7) / 8 * 8);
        byte[] data =
        [
            .. F32(0.25f, -3f),
            0x80, 0x3F, 0x00, 0xC0, 0x40, 0x40, // bfloat16 1, -2, 3
            0x00, 0x3C, 0x00, 0xB8, // float16 1, -0.5
        ];
        var file = SafeTensors.Load(SafeTensorsBytes(header, data), "python.safetensors");

        Assert.Equal("pt", file.Metadata["format"]);
        AssertSame(new HostTensor("fc.weight", [1, 2], new[] { 0.25f, -3f }), file.Get("fc.weight"));
        AssertSame(new HostTensor("emb", [3], new[] { 1f, -2f, 3f }), file.Get("emb"));
        AssertSame(new HostTensor("norm", [2, 1], new[] { 1f, -0.5f }), file.Get("norm"));
    }

    [Fact]
    public void Tensors_in_any_header_order_load()
    {
        const string header = "{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            + " \"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}, \"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]}}";
        byte[] data = [.. F32(1f, 2f), .. F64(-7.5)];
        var file = SafeTensors.Load(SafeTensorsBytes(header, data), "order");
        AssertSame(new HostTensor("a", [2], new[] { 1f, 2f }), file.Get("a"));
        AssertSame(new HostTensor("b", [1], new[] { -7.5 }), file.Get("b"));
        Assert.Equal(0, file.Get("z").Numel);
    }

    [Theory]
    [InlineData("[16,24]", 24, "no gap")]
    [InlineData("[4,12]", 12, "no overlap")]
    [InlineData("[8,16]", 24, "8 trailing bytes")]
    public void Offsets_must_tile_the_data_section_exactly(string bOffsets, int dataBytes, string expected)
    {
        // As the reference reader: sorted by offset, each tensor begins where the previous ends and the last ends with the file.
        var header = "{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":" + bOffsets + "},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        var e = Assert.Throws<MalformedFileException>(() => SafeTensors.Load(SafeTensorsBytes(header, new byte[dataBytes]), "tiles"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("'tiles'", e.Message);
    }

    [Fact]
    public void A_file_with_no_tensors_round_trips()
    {
        var bytes = SafeTensors.Serialize([]);
        Assert.Equal(Encoding.ASCII.GetBytes("{}      "), bytes[8..]);
        var file = SafeTensors.Load(bytes, "empty");
        Assert.Empty(file.Tensors);
        Assert.Contains("available: none", Assert.Throws<KeyNotFoundException>(() => file.Get("w")).Message);
    }

    [Fact]
    public void A_loaded_tensor_uploads_to_the_cpu_backend()
    {
        var t = Ramp("w", DType.Float64, 2, 3);
        var loaded = SafeTensors.Load(SafeTensors.Serialize([t]), "m").Get("w").ToNDArray(Engine.Kernels.Cpu.CpuBackend.Instance);
        Assert.Equal(new[] { 2, 3 }, loaded.Shape);
        Assert.Equal((double[])t.Data, loaded.ToDoubleArray());
    }
}
