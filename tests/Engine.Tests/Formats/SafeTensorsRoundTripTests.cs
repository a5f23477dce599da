using Xunit;
using Engine.Tensors;
using Engine.Tensors.Formats;
using static Engine.Tests.Formats.FormatsTestData;

namespace Engine.Tests.Formats;

public class SafeTensorsRoundTripTests
{
    public static TheoryData<DType, int[]> Shapes() => new()
    {
        { DType.Float32, [] },
        { DType.Float32, [5] },
        { DType.Float32, [2, 3] },
        { DType.Float32, [2, 1, 3] },
        { DType.Float32, [2, 3, 2, 2] },
        { DType.Float64, [] },
        { DType.Float64, [7] },
        { DType.Float64, [3, 2] },
        { DType.Float64, [1, 2, 3, 2] },
        { DType.Float32, [0] },
        { DType.Float64, [3, 0, 2] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_tensor_of_any_rank_round_trips_bit_for_bit(DType dtype, int[] shape)
    {
        var t = Ramp("layer.weight", dtype, shape);
        var file = SafeTensors.Load(SafeTensors.Serialize([t]), "memory");
        AssertSame(t, file.Get("layer.weight"));
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Several_tensors_and_metadata_round_trip_through_a_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        HostTensor[] tensors =
        [
            Ramp("net.0.weight", DType.Float32, 4, 3),
            Ramp("net.0.bias", DType.Float32, 4),
            Ramp("scale", DType.Float64),
            Ramp("empty", DType.Float32, 0, 3),
            Ramp("net.2.weight", DType.Float64, 1, 4, 3, 3),
        ];
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["step"] = "1200", ["note"] = "é ü \"quoted\"" };
        SafeTensors.Save(path, tensors, metadata);

        var file = SafeTensors.Load(path);
        Assert.Equal(tensors.Length, file.Tensors.Count);
        foreach (var t in tensors) AssertSame(t, file.Get(t.Name));
        Assert.Equal(metadata.OrderBy(kv => kv.Key), file.Metadata.OrderBy(kv => kv.Key));
        Assert.Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal), file.Names);
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Save_to_a_stream_writes_the_same_bytes_as_Serialize()
    {
        HostTensor[] tensors = [Ramp("b", DType.Float32, 3), Ramp("a", DType.Float64, 2)];
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, tensors);
        Assert.Equal(SafeTensors.Serialize(tensors), stream.ToArray());
    }

    [Fact]
    public void The_header_is_padded_to_a_multiple_of_8_and_every_tensor_is_aligned_to_its_element_size()
    {
        // An odd number of float32 values first by name, then a float64: the float64 must still be 8-aligned.
        HostTensor[] tensors = [Ramp("a", DType.Float32, 3), Ramp("b", DType.Float64, 2), Ramp("c", DType.Float32, 1)];
        var bytes = SafeTensors.Serialize(tensors);
        var n = (long)BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Contains("\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}", header);
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}", header);
        Assert.Contains("\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[28,32]}", header);
        Assert.Equal(8 + n + 32, bytes.Length);
    }

    [Fact]
    public void Save_refuses_repeated_empty_and_reserved_names()
    {
        var a = Ramp("a", DType.Float32, 2);
        Assert.Contains("'a' appears more than once", Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([a, a])).Message);
        Assert.Contains("needs a name", Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([a.WithName("")])).Message);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([a.WithName("__metadata__")])).Message);
    }

    [Fact]
    public void Get_of_a_missing_name_names_it_and_lists_the_available_ones()
    {
        var file = SafeTensors.Load(SafeTensors.Serialize([Ramp("w", DType.Float32, 2), Ramp("b", DType.Float32, 1)]), "ckpt.safetensors");
        var e = Assert.Throws<KeyNotFoundException>(() => file.Get("weight"));
        Assert.Contains("'weight'", e.Message);
        Assert.Contains("ckpt.safetensors", e.Message);
        Assert.Contains("'b', 'w'", e.Message);
    }
}
