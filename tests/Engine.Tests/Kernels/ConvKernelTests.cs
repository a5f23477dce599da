using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

public class ConvKernelTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    private static Conv2dGeometry G(int s, int p, int d) => new(s, s, p, p, d, d);

    public static TheoryData<ConvCase> Cases() => new()
    {
        new ConvCase(1, 1, 5, 5, 1, 3, 3, G(1, 0, 1)),
        new ConvCase(3, 2, 7, 9, 4, 3, 2, G(2, 1, 1)),
        new ConvCase(1, 3, 8, 7, 2, 3, 3, new Conv2dGeometry(1, 2, 2, 1, 2, 1)),
        new ConvCase(3, 1, 9, 6, 5, 2, 3, new Conv2dGeometry(2, 1, 0, 2, 1, 2)),
        new ConvCase(2, 4, 11, 10, 3, 5, 5, G(2, 2, 1)),
        new ConvCase(3, 2, 6, 6, 3, 3, 2, G(1, 2, 2)),
        new ConvCase(1, 2, 13, 11, 8, 5, 5, G(2, 2, 2)),
        new ConvCase(3, 3, 7, 7, 2, 3, 2, G(2, 0, 1)),
        // Large enough for the per-image loops and the GEMM to use both cores.
        new ConvCase(3, 16, 17, 15, 24, 3, 3, G(1, 1, 1)),
        // Grad-input into a larger gx (output_padding): Ho, Wo unchanged, last row/column unreached.
        new ConvCase(2, 2, 6, 6, 3, 2, 2, G(2, 0, 1), ExtraH: 1, ExtraW: 1),
        new ConvCase(3, 2, 7, 7, 4, 3, 2, G(2, 1, 1), ExtraH: 1, ExtraW: 0),
    };

    private static (double[] X, double[] W, double[] Gy) Inputs(ConvCase k) =>
        (Random(k.N * k.C * k.H * k.W, 1), Random(k.O * k.C * k.KH * k.KW, 2), Random(k.N * k.O * k.Ho * k.Wo, 3));

    private static double Tol(bool f64, ConvCase k) => f64 ? 1e-12 : 3e-6 * (k.C * k.KH * k.KW + k.O + k.N * k.Ho * k.Wo);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesReference(ConvCase k)
    {
        var (x, w, _) = Inputs(k);
        foreach (var f64 in new[] { false, true })
        {
            var y = Filled(f64, double.NaN, k.N, k.O, k.Ho, k.Wo);
            Cpu.Conv2dForward(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, w, k.O, k.C, k.KH, k.KW), y, k.G);
            AssertClose(k.Forward(x, w), Read(y), Tol(f64, k), $"forward {k} f64={f64}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradInputMatchesReference(ConvCase k)
    {
        var (_, w, gy) = Inputs(k);
        foreach (var f64 in new[] { false, true })
        {
            var gx = Filled(f64, double.NaN, k.N, k.C, k.GxH, k.GxW);
            Cpu.Conv2dGradInput(Array(f64, gy, k.N, k.O, k.Ho, k.Wo), Array(f64, w, k.O, k.C, k.KH, k.KW), gx, k.G);
            AssertClose(k.GradInput(gy, w), Read(gx), Tol(f64, k), $"grad-input {k} f64={f64}");
        }
    }

    [Fact]
    public void GradInputLeavesUnreachedPositionsZero()
    {
        // k 2, stride 2, no padding over 6 rows reaches rows 0..5; the output_padding row 6 gets nothing.
        var k = new ConvCase(1, 1, 6, 6, 1, 2, 2, G(2, 0, 1), ExtraH: 1, ExtraW: 1);
        var gx = Filled(true, double.NaN, 1, 1, 7, 7);
        Cpu.Conv2dGradInput(Filled(true, 1, 1, 1, k.Ho, k.Wo), Filled(true, 1, 1, 1, 2, 2), gx, k.G);
        var v = Read(gx);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(0.0, v[6 * 7 + i]);
            Assert.Equal(0.0, v[i * 7 + 6]);
            if (i < 6) Assert.Equal(1.0, v[i * 7]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradWeightMatchesReference(ConvCase k)
    {
        var (x, _, gy) = Inputs(k);
        foreach (var f64 in new[] { false, true })
        {
            var gw = Filled(f64, double.NaN, k.O, k.C, k.KH, k.KW);
            Cpu.Conv2dGradWeight(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, gy, k.N, k.O, k.Ho, k.Wo), gw, k.G);
            AssertClose(k.GradWeight(x, gy), Read(gw), Tol(f64, k), $"grad-weight {k} f64={f64}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsAreAdjointsOfForward(ConvCase k)
    {
        // <conv(x, w), gy> is bilinear: its x-gradient paired with x, and its w-gradient paired with w, give it back.
        var (x, w, gy) = Inputs(k);
        if (k.ExtraH > 0 || k.ExtraW > 0) return; // forward over the larger input would change Ho
        var y = Filled(true, 0, k.N, k.O, k.Ho, k.Wo);
        var gx = Filled(true, 0, k.N, k.C, k.H, k.W);
        var gw = Filled(true, 0, k.O, k.C, k.KH, k.KW);
        NDArray xa = Array(true, x, k.N, k.C, k.H, k.W), wa = Array(true, w, k.O, k.C, k.KH, k.KW), gya = Array(true, gy, k.N, k.O, k.Ho, k.Wo);
        Cpu.Conv2dForward(xa, wa, y, k.G);
        Cpu.Conv2dGradInput(gya, wa, gx, k.G);
        Cpu.Conv2dGradWeight(xa, gya, gw, k.G);
        var lhs = Dot(Read(y), gy);
        Assert.Equal(lhs, Dot(x, Read(gx)), 1e-10 * (1 + Math.Abs(lhs)));
        Assert.Equal(lhs, Dot(w, Read(gw)), 1e-10 * (1 + Math.Abs(lhs)));
        Assert.NotEqual(0.0, lhs);
    }

    [Fact]
    public void NonContiguousInputsAreRead()
    {
        var k = new ConvCase(3, 4, 9, 8, 5, 3, 2, G(2, 1, 1));
        var (x, w, gy) = Inputs(k);
        // x stored as [N, H, C, W] and viewed as [N, C, H, W]; gy stored as [O, N, Ho, Wo].
        var xStored = Read(Array(true, x, k.N, k.C, k.H, k.W).Permute(0, 2, 1, 3));
        var xView = Array(true, xStored, k.N, k.H, k.C, k.W).Permute(0, 2, 1, 3);
        var gyView = Array(true, Read(Array(true, gy, k.N, k.O, k.Ho, k.Wo).Permute(1, 0, 2, 3)), k.O, k.N, k.Ho, k.Wo).Permute(1, 0, 2, 3);
        Assert.False(xView.IsContiguous);
        var y = Filled(true, 0, k.N, k.O, k.Ho, k.Wo);
        Cpu.Conv2dForward(xView, Array(true, w, k.O, k.C, k.KH, k.KW), y, k.G);
        AssertClose(k.Forward(x, w), Read(y), 1e-12, "forward of a permuted x");
        var gx = Filled(true, 0, k.N, k.C, k.H, k.W);
        Cpu.Conv2dGradInput(gyView, Array(true, w, k.O, k.C, k.KH, k.KW), gx, k.G);
        AssertClose(k.GradInput(gy, w), Read(gx), 1e-12, "grad-input of a permuted gy");
        var gw = Filled(true, 0, k.O, k.C, k.KH, k.KW);
        Cpu.Conv2dGradWeight(xView, gyView, gw, k.G);
        AssertClose(k.GradWeight(x, gy), Read(gw), 1e-12, "grad-weight of permuted x and gy");
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        var x = Filled(false, 0, 2, 3, 8, 8);
        var w = Filled(false, 0, 4, 3, 3, 3);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Cpu.Conv2dForward(x, Filled(false, 0, 4, 2, 3, 3), Filled(false, 0, 2, 4, 6, 6), G(1, 0, 1)));
        Assert.Contains("conv2d", ex.Message);
        ex = Assert.ThrowsAny<ArgumentException>(() => Cpu.Conv2dForward(x, w, Filled(false, 0, 2, 4, 7, 7), G(1, 0, 1)));
        Assert.Contains("conv2d", ex.Message);
        Assert.Contains("[2, 4, 7, 7]", ex.Message);
        ex = Assert.ThrowsAny<ArgumentException>(() => Cpu.Conv2dGradWeight(x, Filled(false, 0, 2, 4, 6, 6), Filled(false, 0, 4, 2, 3, 3), G(1, 0, 1)));
        Assert.Contains("conv2d", ex.Message);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
}
