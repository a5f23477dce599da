using Xunit;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using static Engine.Tests.Kernels.KernelTestData;

namespace Engine.Tests.Kernels;

/// <summary>
/// The direct conv (no column matrix) against the im2col GEMM: bit for bit wherever the automatic
/// choice may take it (more than 4 channels, positions and taps), and against the reference
/// everywhere, at shapes that end mid-tile, mid-panel, mid-K-block and mid-image-chunk.
/// </summary>
public class ConvDirectTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    private static Conv2dGeometry G(int s, int p, int d) => new(s, s, p, p, d, d);

    public static TheoryData<ConvCase> BlockedCases() => new()
    {
        // the MNIST critic's 64->128 layer at batch 3: full channel panels, 49 positions (8 tiles of 6 and one of 1)
        new ConvCase(3, 64, 14, 14, 128, 5, 5, G(2, 2, 1)),
        // 70 channels: a full panel and one of 6 (float) / two full and one of 6 (double)
        new ConvCase(3, 5, 9, 8, 70, 3, 3, G(2, 1, 1)),
        new ConvCase(2, 3, 11, 10, 7, 5, 5, G(2, 2, 1)),
        new ConvCase(1, 6, 13, 11, 9, 3, 3, G(1, 2, 2)),
        // no padding: the input is read in place
        new ConvCase(2, 4, 10, 12, 16, 3, 3, G(1, 0, 1)),
        new ConvCase(2, 3, 9, 7, 12, 3, 2, new Conv2dGeometry(2, 1, 0, 2, 1, 2)),
        // 1000 taps: three K blocks of 384 with a short last one; 30 images: two image chunks for grad-weight
        new ConvCase(30, 40, 14, 14, 24, 5, 5, G(2, 2, 1)),
        // grad-input into a larger gx (output_padding), 64 input channels so the automatic choice takes the direct grad-input too
        new ConvCase(2, 64, 7, 7, 12, 3, 3, G(2, 1, 1), ExtraH: 1, ExtraW: 1),
        // stride 3 with dilation 2: phases whose taps are not the first ones; kernel 1 wide: phases with no taps
        new ConvCase(2, 6, 13, 12, 8, 3, 1, new Conv2dGeometry(3, 2, 1, 0, 2, 1)),
    };

    [Theory]
    [MemberData(nameof(BlockedCases))]
    public void DirectEqualsIm2ColBitForBit(ConvCase k)
    {
        var x = Random(k.N * k.C * k.H * k.W, 11);
        var w = Random(k.O * k.C * k.KH * k.KW, 12);
        var gy = Random(k.N * k.O * k.Ho * k.Wo, 13);
        var bias = Random(k.O, 14);
        foreach (var f64 in new[] { false, true })
        {
            NDArray Run(ConvAlgorithm algorithm, Func<NDArray> op)
            {
                using var _ = CpuBackend.UseConvAlgorithm(algorithm);
                return op();
            }
            NDArray Forward(Epilogue? e)
            {
                var y = Filled(f64, double.NaN, k.N, k.O, k.Ho, k.Wo);
                Cpu.Conv2dForward(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, w, k.O, k.C, k.KH, k.KW), y, k.G, e);
                return y;
            }
            NDArray GradInput()
            {
                var gx = Filled(f64, double.NaN, k.N, k.C, k.GxH, k.GxW);
                Cpu.Conv2dGradInput(Array(f64, gy, k.N, k.O, k.Ho, k.Wo), Array(f64, w, k.O, k.C, k.KH, k.KW), gx, k.G);
                return gx;
            }
            NDArray GradWeight()
            {
                var gw = Filled(f64, double.NaN, k.O, k.C, k.KH, k.KW);
                Cpu.Conv2dGradWeight(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, gy, k.N, k.O, k.Ho, k.Wo), gw, k.G);
                return gw;
            }
            var fused = new Epilogue(Array(f64, bias, k.O), new UnaryOp(UnaryOpKind.LeakyRelu, 0.2));
            var cases = new (string, Func<NDArray>)[]
            {
                ("forward", () => Forward(null)), ("forward+bias+leaky relu", () => Forward(fused)), ("grad-weight", GradWeight), ("grad-input", GradInput),
            };
            foreach (var (what, op) in cases)
            {
                var direct = Read(Run(ConvAlgorithm.Direct, op));
                var im2col = Read(Run(ConvAlgorithm.Im2ColGemm, op));
                var auto = Read(Run(ConvAlgorithm.Auto, op));
                // Bit for bit, but that grad-input's border taps add a zero (+0 where col2im keeps a -0).
                for (var i = 0; i < direct.Length; i++)
                    if (BitConverter.DoubleToInt64Bits(direct[i]) != BitConverter.DoubleToInt64Bits(im2col[i]) && !(what == "grad-input" && direct[i] == im2col[i]))
                        Assert.Fail($"{what} {k} f64={f64}: element {i} direct {direct[i]:R} im2col {im2col[i]:R}");
                for (var i = 0; i < auto.Length; i++)
                    if (auto[i] != im2col[i]) Assert.Fail($"{what} {k} f64={f64} auto: element {i} {auto[i]:R} against {im2col[i]:R}");
                Assert.DoesNotContain(double.NaN, direct);
            }
            AssertClose(k.GradInput(gy, w), Read(Run(ConvAlgorithm.Direct, GradInput)), f64 ? 1e-12 : 1e-4, $"grad-input {k} f64={f64}");
            AssertClose(k.Forward(x, w), Read(Run(ConvAlgorithm.Direct, () => Forward(null))), f64 ? 1e-12 : 1e-4, $"forward {k} f64={f64}");
            AssertClose(k.GradWeight(x, gy), Read(Run(ConvAlgorithm.Direct, GradWeight)), f64 ? 1e-12 : 1e-4, $"grad-weight {k} f64={f64}");
        }
    }

    [Theory]
    [MemberData(nameof(ConvKernelTests.Cases), MemberType = typeof(ConvKernelTests))]
    public void DirectMatchesReferenceOnEveryKernelCase(ConvCase k)
    {
        var x = Random(k.N * k.C * k.H * k.W, 1);
        var w = Random(k.O * k.C * k.KH * k.KW, 2);
        var gy = Random(k.N * k.O * k.Ho * k.Wo, 3);
        using var scope = CpuBackend.UseConvAlgorithm(ConvAlgorithm.Direct);
        foreach (var f64 in new[] { false, true })
        {
            var tol = f64 ? 1e-12 : 3e-6 * (k.C * k.KH * k.KW + k.O + k.N * k.Ho * k.Wo);
            var y = Filled(f64, double.NaN, k.N, k.O, k.Ho, k.Wo);
            Cpu.Conv2dForward(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, w, k.O, k.C, k.KH, k.KW), y, k.G);
            AssertClose(k.Forward(x, w), Read(y), tol, $"direct forward {k} f64={f64}");
            var gx = Filled(f64, double.NaN, k.N, k.C, k.GxH, k.GxW);
            Cpu.Conv2dGradInput(Array(f64, gy, k.N, k.O, k.Ho, k.Wo), Array(f64, w, k.O, k.C, k.KH, k.KW), gx, k.G);
            AssertClose(k.GradInput(gy, w), Read(gx), tol, $"direct grad-input {k} f64={f64}");
            var gw = Filled(f64, double.NaN, k.O, k.C, k.KH, k.KW);
            Cpu.Conv2dGradWeight(Array(f64, x, k.N, k.C, k.H, k.W), Array(f64, gy, k.N, k.O, k.Ho, k.Wo), gw, k.G);
            AssertClose(k.GradWeight(x, gy), Read(gw), tol, $"direct grad-weight {k} f64={f64}");
        }
    }

    [Fact]
    public void TheChoiceBelongsToTheCallingFlow()
    {
        var before = CpuBackend.ConvAlgorithm;
        using (CpuBackend.UseConvAlgorithm(ConvAlgorithm.Direct))
        {
            var seen = ConvAlgorithm.Direct;
            var other = new Thread(() => seen = CpuBackend.ConvAlgorithm);
            other.UnsafeStart(); // no captured execution context: a thread of its own
            other.Join();
            Assert.Equal(ConvAlgorithm.Auto, seen);
            Assert.Equal(ConvAlgorithm.Direct, CpuBackend.ConvAlgorithm);
        }
        Assert.Equal(before, CpuBackend.ConvAlgorithm); // the scope's end restores the choice
    }
}
