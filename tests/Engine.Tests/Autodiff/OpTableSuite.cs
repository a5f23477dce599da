using Engine.Autodiff;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Autodiff;

/// <summary>
/// Runs every <see cref="OpTable"/> row on one backend: forward against the float64 reference
/// (float64 and float32), GradCheck and GradGradCheck in float64, each on contiguous inputs and on
/// non-contiguous views. A backend's test class derives from this and supplies <see cref="Backend"/>.
/// </summary>
public abstract class OpTableSuite
{
    protected abstract IBackend Backend { get; }

    /// <summary>
    /// Whether this backend runs the derivative checks of row <paramref name="name"/> (all rows unless
    /// a backend is too slow for the whole table in CI; its skip reason then says so).
    /// </summary>
    protected virtual bool ChecksDerivatives(string name) => true;

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void Forward_matches_reference_float64(string name) => CheckForward(OpTable.Get(name), DType.Float64, 1e-12);

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void Forward_matches_reference_float32(string name) => CheckForward(OpTable.Get(name), DType.Float32, 2e-5);

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void GradCheck_contiguous(string name) => RunCheck(OpTable.Get(name), contiguous: true, second: false);

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void GradCheck_strided_views(string name) => RunCheck(OpTable.Get(name), contiguous: false, second: false);

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void GradGradCheck_contiguous(string name) => RunCheck(OpTable.Get(name), contiguous: true, second: true);

    [SkippableTheory, MemberData(nameof(OpTable.Names), MemberType = typeof(OpTable))]
    public void GradGradCheck_strided_views(string name) => RunCheck(OpTable.Get(name), contiguous: false, second: true);

    private void CheckForward(OpCase c, DType dtype, double tol)
    {
        var refs = Values(c);
        var expected = c.Reference(refs);
        foreach (var contiguous in new[] { true, false })
        {
            var leaves = refs.Select(r => Leaf(r, contiguous, dtype, requiresGrad: false)).ToArray();
            var y = c.Op(leaves.Select((l, i) => View(l, refs[i].Shape, contiguous)).ToArray());
            Assert.Equal(expected.Shape, y.Shape);
            var actual = y.ToDoubleArray();
            for (var i = 0; i < actual.Length; i++)
            {
                var err = Math.Abs(actual[i] - expected.Data[i]);
                Assert.True(err <= tol * (1 + Math.Abs(expected.Data[i])),
                    $"{c.Name} ({dtype.Name()}, {(contiguous ? "contiguous" : "strided")}) element {i}: {actual[i]} vs reference {expected.Data[i]}");
            }
        }
    }

    private void RunCheck(OpCase c, bool contiguous, bool second)
    {
        if (!ChecksDerivatives(c.Name))
            throw new SkipException($"{Backend.Name}: derivative checks run on a subset of rows (each takes seconds on the emulator); this row's forward is checked");
        var refs = Values(c);
        var leaves = refs.Select(r => Leaf(r, contiguous, DType.Float64, requiresGrad: true)).ToArray();
        Tensor F(Tensor[] xs) => c.Op(xs.Select((l, i) => View(l, refs[i].Shape, contiguous)).ToArray());
        var options = new GradCheckOptions { Name = c.Name };
        var result = second ? GradientCheck.GradGradCheck(F, leaves, options) : GradientCheck.GradCheck(F, leaves, options);
        Assert.True(result.Passed, result.Message);
    }

    /// <summary>Deterministic random inputs inside each input's domain.</summary>
    private static RefArray[] Values(OpCase c)
    {
        var random = new Random(c.Name.Aggregate(17, (h, ch) => h * 31 + ch));
        return c.Shapes.Select((s, i) =>
        {
            var (lo, hi) = c.Domain(i);
            var data = new double[RefArray.Count(s)];
            for (var j = 0; j < data.Length; j++) data[j] = lo + (hi - lo) * random.NextDouble();
            return new RefArray(data, s);
        }).ToArray();
    }

    /// <summary>
    /// The leaf holding the values: contiguous as is, or laid out so that <see cref="View"/> yields a
    /// non-contiguous view (reversed dimensions, or every other element for rank &lt; 2).
    /// </summary>
    private Tensor Leaf(RefArray r, bool contiguous, DType dtype, bool requiresGrad)
    {
        double[] data;
        int[] shape;
        if (contiguous) (data, shape) = (r.Data, r.Shape);
        else if (r.Shape.Length >= 2)
        {
            var reversed = r.Permute(Enumerable.Range(0, r.Shape.Length).Reverse().ToArray());
            (data, shape) = (reversed.Data, reversed.Shape);
        }
        else
        {
            data = new double[2 * r.Numel];
            for (var i = 0; i < r.Numel; i++) { data[2 * i] = r.Data[i]; data[2 * i + 1] = 1e6; }
            shape = [2 * r.Numel];
        }
        Array host = dtype == DType.Float64 ? data : Array.ConvertAll(data, v => (float)v);
        return Tensor.FromArray(host, shape, requiresGrad, Backend);
    }

    private static Tensor View(Tensor leaf, int[] shape, bool contiguous)
    {
        if (contiguous) return leaf;
        if (shape.Length >= 2) return leaf.Permute(Enumerable.Range(0, shape.Length).Reverse().ToArray());
        var strided = leaf.Slice(0, 0, leaf.Shape[0] / 2, step: 2);
        return strided.Reshape(shape);
    }
}

/// <summary>The op table on the CPU backend.</summary>
public sealed class CpuOpTableTests : OpTableSuite
{
    protected override IBackend Backend => Engine.Kernels.Cpu.CpuBackend.Instance;
}

/// <summary>The op table on the OpenCL backend (PoCL's CPU device in CI), checked exactly as on the CPU.</summary>
public sealed class OpenClOpTableTests : OpTableSuite
{
    protected override IBackend Backend => Engine.Tests.Gpu.GpuTestDevices.OpenCl();
}

/// <summary>
/// The op table on ILGPU's CPU emulator, every row and every check: forward in float64 and float32,
/// GradCheck and GradGradCheck in float64, contiguous and strided (384 tests). Measured here on 2
/// cores: about 50 s in all. The emulator runs each GPU thread as an OS thread; with groups of
/// 256 threads and the Sequential mode the five rows that used to run (20 derivative checks) took
/// 42 s, about 2 s a check, so the rest were skipped. With 4-thread groups in Parallel mode
/// (<see cref="Engine.Kernels.Ilgpu.IlgpuBackend.CreateEmulator(long)"/>) those 20 take 4 s.
/// </summary>
public sealed class IlgpuEmulatorOpTableTests : OpTableSuite
{
    protected override IBackend Backend => Engine.Kernels.Ilgpu.IlgpuBackend.Emulator;
}
