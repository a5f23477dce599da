using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Kernels;

public class CpuMemoryTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    private static NDArray Iota(DType dtype, params int[] shape) => NDArray.Arange(Cpu, dtype, Shape.Numel(shape)).Reshape(shape);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void UploadDownloadRoundTripsAndCopiesTheHostArray(DType dtype)
    {
        var a = Iota(dtype, 2, 3);
        var host = a.ToDoubleArray();
        Assert.Equal([0, 1, 2, 3, 4, 5], host);
        var src = new float[] { 1, 2, 3 };
        var b = NDArray.FromArray(Cpu, src, 3);
        src[0] = 99; // the buffer must own its own copy
        Assert.Equal([1.0, 2, 3], b.ToDoubleArray());
    }

    [Fact]
    public void AllocateGivesTheRequestedDtypeAndLength()
    {
        var b = Cpu.Allocate(DType.Float64, 7);
        Assert.IsType<CpuBuffer<double>>(b);
        Assert.Equal(7, b.Length);
        Assert.Equal(DType.Float32, Cpu.Allocate(DType.Float32, 0).DType);
    }

    [Fact]
    public void UploadOfIntArrayFailsClearly()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Cpu.Upload(new int[] { 1, 2 }));
        Assert.Contains("Int32[]", e.Message);
        Assert.Contains("float[]", e.Message);
    }

    [Fact]
    public void DownloadIntoWrongLengthOrTypeFailsClearly()
    {
        var a = Iota(DType.Float32, 2, 3);
        var e = Assert.ThrowsAny<ArgumentException>(() => Cpu.Download(a, new float[5]));
        Assert.Contains("6 elements", e.Message);
        var t = Assert.ThrowsAny<ArgumentException>(() => Cpu.Download(a, new double[6]));
        Assert.Contains("float32", t.Message);
    }

    [Fact]
    public void DownloadOfTransposedViewIsRowMajor()
    {
        var a = Iota(DType.Float64, 2, 3).Transpose(0, 1); // [3, 2]
        Assert.Equal([0.0, 3, 1, 4, 2, 5], a.ToDoubleArray());
        var s = Iota(DType.Float32, 10).Slice(0, 1, 4, 2); // 1, 3, 5, 7
        Assert.Equal([1.0, 3, 5, 7], s.ToDoubleArray());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CopyBetweenStridedViews(DType dtype)
    {
        // Source: columns 0, 2, 4 of a [4, 6] array, transposed -> [3, 4].
        var src = Iota(dtype, 4, 6).Slice(1, 0, 3, 2).Transpose(0, 1);
        // Destination: every other row of a [6, 4] zero array -> a [3, 4] view with row stride 8.
        var dstBase = NDArray.Zeros(Cpu, dtype, 6, 4);
        var dst = dstBase.Slice(0, 0, 3, 2);
        Cpu.Copy(src, dst);
        var got = dstBase.ToDoubleArray();
        for (var r = 0; r < 6; r++)
            for (var c = 0; c < 4; c++)
            {
                var expected = r % 2 == 0 ? c * 6 + (r / 2) * 2 : 0;
                Assert.Equal(expected, got[r * 4 + c]);
            }
    }

    [Fact]
    public void CopyOfBroadcastAndLargeContiguous()
    {
        var row = NDArray.Arange(Cpu, DType.Float32, 5).Reshape(1, 5).Expand(3, 5);
        var dst = NDArray.Empty(Cpu, DType.Float32, 3, 5);
        Cpu.Copy(row, dst);
        Assert.Equal([0.0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4], dst.ToDoubleArray());

        // Large strided copy crosses the threading threshold: [300, 400] transposed.
        var big = Iota(DType.Float64, 300, 400).Transpose(0, 1);
        var host = big.Clone().ToDoubleArray();
        for (var i = 0; i < 400; i++)
            for (var j = 0; j < 300; j++)
                Assert.Equal(j * 400 + i, host[i * 300 + j]);
    }

    [Fact]
    public void CopyRejectsShapeAndDtypeMismatch()
    {
        Assert.Throws<ShapeMismatchException>(() => Cpu.Copy(Iota(DType.Float32, 2, 3), NDArray.Empty(Cpu, DType.Float32, 3, 2)));
        Assert.Throws<DTypeMismatchException>(() => Cpu.Copy(Iota(DType.Float32, 2), NDArray.Empty(Cpu, DType.Float64, 2)));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void FillIntoAViewTouchesOnlyTheView(DType dtype)
    {
        var a = NDArray.Zeros(Cpu, dtype, 4, 5);
        Cpu.Fill(a.Slice(1, 1, 2, 2).Slice(0, 1, 2), 7.5); // rows 1-2, columns 1 and 3
        var got = a.ToDoubleArray();
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 5; c++)
                Assert.Equal(r is 1 or 2 && c is 1 or 3 ? 7.5 : 0, got[r * 5 + c]);
        var big = NDArray.Full(Cpu, dtype, -2, 70_001);
        Assert.All(big.ToDoubleArray(), v => Assert.Equal(-2, v));
    }

    [Theory]
    [InlineData(DType.Float32, RandomDistribution.Uniform)]
    [InlineData(DType.Float64, RandomDistribution.Uniform)]
    [InlineData(DType.Float32, RandomDistribution.Normal)]
    [InlineData(DType.Float64, RandomDistribution.Normal)]
    public void FillRandomIsReproducibleAndFollowsTheCounterScheme(DType dtype, RandomDistribution dist)
    {
        const int n = 50_000; // large enough to take the threaded path
        double[] Draw(ulong seed, ulong counter)
        {
            var a = NDArray.Empty(Cpu, dtype, n);
            Cpu.FillRandom(a, dist, 0.5, 2.0, seed, counter);
            return a.ToDoubleArray();
        }
        var first = Draw(42, 1000);
        Assert.Equal(first, Draw(42, 1000));
        var other = Draw(42, 1001);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, Draw(43, 1000));
        var tol = dtype == DType.Float32 ? 1e-6 : 0;
        foreach (var i in new[] { 0, 1, 4095, 4096, 33_333, n - 1 })
        {
            var expected = dist == RandomDistribution.Uniform
                ? 0.5 + 1.5 * CounterRng.Uniform(42, 1000 + (ulong)i)
                : 0.5 + 2.0 * CounterRng.Normal(42, 1000, (ulong)i);
            Assert.True(Math.Abs(first[i] - expected) <= tol * Math.Abs(expected), $"element {i}: {first[i]} vs {expected}");
        }
        // A uniform fill at counter + 1 is the same stream shifted by one.
        if (dist == RandomDistribution.Uniform) Assert.Equal(first[1], other[0]);
    }

    [Fact]
    public void FillRandomIntoAnOffsetContiguousViewWritesOnlyTheView()
    {
        var a = NDArray.Zeros(Cpu, DType.Float64, 3, 40_000);
        var row = a.Slice(0, 1, 1);
        Cpu.FillRandom(row, RandomDistribution.Uniform, 1, 2, 7, 0);
        var got = a.ToDoubleArray();
        Assert.All(got.Take(40_000).Concat(got.Skip(80_000)), v => Assert.Equal(0, v));
        Assert.All(got.Skip(40_000).Take(40_000), v => Assert.InRange(v, 1, 2));
        Assert.Equal(1 + CounterRng.Uniform(7, 39_999), got[79_999]);
    }

    [Fact]
    public void FillRandomStatistics()
    {
        const int n = 100_000;
        var u = NDArray.Empty(Cpu, DType.Float32, n);
        Cpu.FillRandom(u, RandomDistribution.Uniform, -1, 3, 123, 0);
        var uv = u.ToDoubleArray();
        Assert.All(uv, v => Assert.InRange(v, -1, 3));
        // U(-1, 3): mean 1, variance 16/12; the standard error of the mean is about 0.004.
        Assert.InRange(uv.Average(), 0.97, 1.03);
        Assert.InRange(Variance(uv), 16.0 / 12 * 0.97, 16.0 / 12 * 1.03);

        var z = NDArray.Empty(Cpu, DType.Float64, n);
        Cpu.FillRandom(z, RandomDistribution.Normal, 0, 1, 123, 0);
        var zv = z.ToDoubleArray();
        Assert.InRange(zv.Average(), -0.02, 0.02);
        Assert.InRange(Math.Sqrt(Variance(zv)), 0.98, 1.02);
        // About 4.55% of a standard normal lies beyond 2 sigma.
        Assert.InRange(zv.Count(v => Math.Abs(v) > 2) / (double)n, 0.040, 0.051);
    }

    [Fact]
    public void FillRandomRejectsNonContiguousDestination()
    {
        var a = NDArray.Zeros(Cpu, DType.Float32, 4, 4).Transpose(0, 1);
        Assert.ThrowsAny<ArgumentException>(() => Cpu.FillRandom(a, RandomDistribution.Uniform, 0, 1, 1, 0));
    }

    private static double Variance(double[] v)
    {
        var m = v.Average();
        return v.Sum(x => (x - m) * (x - m)) / (v.Length - 1);
    }
}
