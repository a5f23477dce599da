using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

/// <summary>Reductions over any axes, strided copies and fills, uploads, downloads and the counter RNG.</summary>
public class CpuReduceMemoryTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    [Theory]
    [InlineData(new[] { 1 }, new[] { 0 })]
    [InlineData(new[] { 257 }, new[] { 0 })]
    [InlineData(new[] { 100_003 }, new[] { 0 })]
    [InlineData(new[] { 4, 5, 6 }, new[] { 1 })]
    [InlineData(new[] { 4, 5, 6 }, new[] { 0, 2 })]
    [InlineData(new[] { 4, 1, 6 }, new[] { 0, 1, 2 })]
    [InlineData(new[] { 3000, 40 }, new[] { 0 })]
    [InlineData(new[] { 40, 3000 }, new[] { 1 })]
    public void Sum_and_max_over_axes(int[] shape, int[] axes)
    {
        foreach (var f64 in new[] { true, false })
        foreach (var transposed in new[] { false, true })
        {
            var n = Shape.Numel(shape);
            var data = Random(n, n);
            var x = Array(f64, data, shape);
            if (transposed && shape.Length > 1)
                x = Array(f64, Read(Array(f64, data, shape).Permute(Reverse(shape.Length))), Reversed(shape)).Permute(Reverse(shape.Length));
            var kept = (int[])shape.Clone();
            foreach (var a in axes) kept[a] = 1;
            foreach (var op in new[] { ReduceOpKind.Sum, ReduceOpKind.Max })
            {
                var y = Filled(f64, double.NaN, kept);
                Cpu.Reduce(op, x, axes, y);
                var expected = ReferenceReduce(op, Read(x), shape, axes, kept);
                var got = Read(y);
                var tol = f64 ? 1e-10 : 1e-4;
                for (var i = 0; i < got.Length; i++)
                    Assert.True(Math.Abs(expected[i] - got[i]) <= tol * (1 + Math.Abs(expected[i]) + Math.Sqrt(n)),
                        $"{op} {Shape.Format(shape)} axes [{string.Join(",", axes)}] transposed={transposed} f64={f64} i={i}: {expected[i]} vs {got[i]}");
            }
        }
    }

    private static double[] ReferenceReduce(ReduceOpKind op, double[] x, int[] shape, int[] axes, int[] kept)
    {
        var result = new double[Shape.Numel(kept)];
        System.Array.Fill(result, op == ReduceOpKind.Sum ? 0 : double.NegativeInfinity);
        var idx = new int[shape.Length];
        for (var flat = 0; flat < x.Length; flat++)
        {
            var rem = flat;
            for (var d = shape.Length - 1; d >= 0; d--) { idx[d] = rem % shape[d]; rem /= shape[d]; }
            var o = 0;
            for (var d = 0; d < shape.Length; d++) o = o * kept[d] + (axes.Contains(d) ? 0 : idx[d]);
            result[o] = op == ReduceOpKind.Sum ? result[o] + x[flat] : Math.Max(result[o], x[flat]);
        }
        return result;
    }

    private static int[] Reverse(int rank) => Enumerable.Range(0, rank).Reverse().ToArray();
    private static int[] Reversed(int[] shape) => shape.Reverse().ToArray();

    [Fact]
    public void Copy_between_strided_views_and_fill_into_a_view()
    {
        var src = Array(true, Enumerable.Range(0, 24).Select(v => (double)v).ToArray(), 4, 6);
        var dst = Filled(true, -1, 6, 8);
        // destination: every other column of rows 1..4, transposed source
        var region = dst.Slice(0, 1, 4).Slice(1, 0, 4, step: 2).Transpose(0, 1); // [4, 4] view
        Cpu.Copy(src.Slice(1, 1, 4), region);
        Assert.Equal(Read(src.Slice(1, 1, 4)), Read(region));
        Assert.Equal(-1, Read(dst)[0]);          // row 0 untouched
        Assert.Equal(-1, Read(dst)[1 * 8 + 1]);  // odd column untouched

        Cpu.Fill(dst.Slice(1, 1, 4, step: 2), 7);
        var all = Read(dst);
        for (var r = 0; r < 6; r++)
        for (var c = 0; c < 8; c++)
            if (c % 2 == 1) Assert.Equal(7, all[r * 8 + c]);
    }

    [Fact]
    public void Upload_and_download_round_trip_and_reject_bad_arrays()
    {
        var a = NDArray.FromArray(Cpu, new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var t = new float[6];
        Cpu.Download(a.Transpose(0, 1), t);
        Assert.Equal([1f, 4, 2, 5, 3, 6], t);
        Assert.Contains("int32", Assert.Throws<ArgumentException>(() => Cpu.Upload(new int[3])).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("6 elements", Assert.Throws<ArgumentException>(() => Cpu.Download(a, new float[5])).Message);
        Assert.Throws<ArgumentException>(() => Cpu.Download(a, new double[6]));
    }

    [Fact]
    public void Random_fills_are_reproducible_and_well_distributed()
    {
        const int n = 100_000;
        double[] Draw(RandomDistribution d, ulong seed, ulong counter)
        {
            var y = Filled(true, double.NaN, n);
            Cpu.FillRandom(y, d, d == RandomDistribution.Uniform ? -1 : 0, d == RandomDistribution.Uniform ? 3 : 1, seed, counter);
            return Read(y);
        }
        var u = Draw(RandomDistribution.Uniform, 5, 0);
        Assert.Equal(u, Draw(RandomDistribution.Uniform, 5, 0));
        Assert.NotEqual(u, Draw(RandomDistribution.Uniform, 5, 1));
        Assert.All(u, v => Assert.InRange(v, -1, 3));
        Assert.InRange(u.Average(), 0.97, 1.03);                                      // mean 1
        Assert.InRange(u.Select(v => (v - 1) * (v - 1)).Average(), 16.0 / 12 * 0.97, 16.0 / 12 * 1.03); // var (b-a)^2/12

        var z = Draw(RandomDistribution.Normal, 9, 100);
        Assert.InRange(z.Average(), -0.02, 0.02);
        Assert.InRange(Math.Sqrt(z.Select(v => v * v).Average()), 0.98, 1.02);
        // the counter continues a sequence: element i of a fill at counter c+2 is element i+1 of one at c (normals use 2 per element)
        var shifted = Draw(RandomDistribution.Normal, 9, 102);
        Assert.Equal(z[1], shifted[0]);
    }
}
