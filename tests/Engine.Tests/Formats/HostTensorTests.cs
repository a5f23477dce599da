using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Tests.Formats;

public class HostTensorTests
{
    [Fact]
    public void Constructor_refuses_data_whose_length_does_not_match_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => new HostTensor("w", [2, 3], new float[5]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("6 elements", e.Message);
        Assert.Contains("has 5", e.Message);
    }

    [Fact]
    public void Constructor_refuses_data_of_the_wrong_element_type()
    {
        var e = Assert.Throws<ArgumentException>(() => new HostTensor("b", DType.Float64, [2], new float[2]));
        Assert.Contains("float64", e.Message);
        Assert.Contains("Double[]", e.Message);
    }

    [Fact]
    public void Constructor_refuses_a_negative_dimension()
    {
        var e = Assert.Throws<ArgumentException>(() => new HostTensor("", [2, -1], new float[0]));
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void A_scalar_has_one_element_and_an_empty_shape()
    {
        var t = new HostTensor("s", [], new[] { 2.5 });
        Assert.Equal(1, t.Numel);
        Assert.Equal(8, t.ByteLength);
    }

    [Fact]
    public void FromNDArray_copies_a_strided_view_in_row_major_order_and_ToNDArray_uploads_it()
    {
        var backend = CpuBackend.Instance;
        var a = NDArray.FromArray(backend, new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).Transpose(0, 1);
        var t = HostTensor.FromNDArray("t", a);
        Assert.Equal([3, 2], t.Shape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, (float[])t.Data);

        var back = t.ToNDArray(backend);
        Assert.Equal([3, 2], back.Shape);
        Assert.True(back.IsContiguous);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, (float[])back.ToArray());
    }

    [Fact]
    public void A_zero_size_tensor_goes_to_an_NDArray_and_back()
    {
        var t = new HostTensor("e", [3, 0], new double[0]);
        var a = t.ToNDArray(CpuBackend.Instance);
        Assert.Equal([3, 0], a.Shape);
        var back = HostTensor.FromNDArray("e", a);
        Assert.Equal(DType.Float64, back.DType);
        Assert.Equal([3, 0], back.Shape);
        Assert.Empty((double[])back.Data);
    }
}
