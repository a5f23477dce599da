using Xunit;
using System.Buffers.Binary;
using System.Text;
using Engine.Tensors;
using Engine.Tensors.Formats;
using static Engine.Tests.Formats.FormatsTestData;

namespace Engine.Tests.Formats;

public class NpyTests
{
    public static TheoryData<DType, int[]> Shapes() => new()
    {
        { DType.Float32, [] },
        { DType.Float32, [6] },
        { DType.Float32, [2, 3] },
        { DType.Float32, [2, 3, 4] },
        { DType.Float32, [2, 1, 3, 2] },
        { DType.Float64, [] },
        { DType.Float64, [5] },
        { DType.Float64, [3, 2, 2, 2] },
        { DType.Float32, [0] },
        { DType.Float64, [2, 0] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_tensor_of_any_rank_round_trips_bit_for_bit_with_64_byte_aligned_data(DType dtype, int[] shape)
    {
        var t = Ramp("", dtype, shape);
        var bytes = Npy.Serialize(t);
        Assert.Equal(0, (bytes.Length - t.ByteLength) % 64);
        AssertSame(t, Npy.Load(new MemoryStream(bytes), "memory"));
    }

    [Fact]
    public void A_file_round_trips_and_the_tensor_is_named_after_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("conv1.weight.npy");
        var t = Ramp("ignored", DType.Float32, 4, 3, 3, 3);
        Npy.Save(path, t);
        AssertSame(t.WithName("conv1.weight"), Npy.Load(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void The_bytes_are_those_numpy_save_writes_for_a_float64_2x3_array()
    {
        var t = new HostTensor("", [2, 3], new[] { 0.0, 1, 2, 3, 4, 5.5 });
        const string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] expected =
        [
            0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0,
            118, 0, // header length: 10 + 118 = 128, a multiple of 64
            .. Encoding.ASCII.GetBytes(dict + new string(' ', 20 + 38) + "\n"),
            .. F64(0, 1, 2, 3, 4, 5.5),
        ];
        Assert.Equal(expected, Npy.Serialize(t));
        AssertSame(t, Npy.Load(new MemoryStream(expected), "numpy.npy"));
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }          \n", 1)]
    [InlineData("{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f8\"}\n", 1)]
    [InlineData("{'descr':'<f8','fortran_order':False,'shape':(2,3)}", 2)]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n", 3)]
    public void Hand_built_headers_of_each_version_and_spelling_load(string header, byte major)
    {
        var bytes = NpyBytes(header, major, F64(1, 2, 3, 4, 5, 6));
        AssertSame(new HostTensor("", [2, 3], new[] { 1.0, 2, 3, 4, 5, 6 }), Npy.Load(new MemoryStream(bytes), "hand.npy"));
    }

    [Fact]
    public void Fortran_order_data_is_reordered_into_C_order()
    {
        // numpy.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores columns: 1 4 2 5 3 6.
        var bytes = NpyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }\n", 1, F32(1, 4, 2, 5, 3, 6));
        AssertSame(new HostTensor("", [2, 3], new[] { 1f, 2, 3, 4, 5, 6 }), Npy.Load(new MemoryStream(bytes), "f.npy"));
    }

    [Fact]
    public void Fortran_order_of_rank_3_matches_the_column_major_formula()
    {
        int[] shape = [2, 3, 4];
        var c = Enumerable.Range(0, 24).Select(i => (double)i).ToArray();
        var fortran = new double[24];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 4; k++)
                    fortran[i + 2 * j + 6 * k] = c[(i * 3 + j) * 4 + k];
        var bytes = NpyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 4), }\n", 1, F64(fortran));
        AssertSame(new HostTensor("", shape, c), Npy.Load(new MemoryStream(bytes), "f3.npy"));
    }

    [Fact]
    public void Big_endian_data_is_byte_swapped()
    {
        var f4 = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(f4, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(f4.AsSpan(4), -0.25f);
        var loaded = Npy.Load(new MemoryStream(NpyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 1, f4)), "be4");
        AssertSame(new HostTensor("", [2], new[] { 1.5f, -0.25f }), loaded);

        var f8 = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(f8, Math.PI);
        loaded = Npy.Load(new MemoryStream(NpyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (), }\n", 1, f8)), "be8");
        AssertSame(new HostTensor("", [], new[] { Math.PI }), loaded);
    }

    [Fact]
    public void Float16_is_widened_to_float32()
    {
        byte[] f2 = [0x00, 0x3C, 0x00, 0xB8, 0x00, 0x7C]; // 1, -0.5, +inf
        var loaded = Npy.Load(new MemoryStream(NpyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }\n", 1, f2)), "half");
        AssertSame(new HostTensor("", [3], new[] { 1f, -0.5f, float.PositiveInfinity }), loaded);
    }
}
