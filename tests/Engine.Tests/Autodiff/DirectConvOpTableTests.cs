using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Autodiff;

/// <summary>
/// The op table's conv rows (conv2d with and without fused epilogues, its grad-input and
/// grad-weight as ops, conv_transpose2d) on the CPU with the direct conv kernels forced: forward in
/// both dtypes, GradCheck and GradGradCheck in float64, contiguous and strided. The rows' small
/// shapes (a few channels) would take the im2col path under the automatic choice, so without this
/// the direct kernels' double backward would be checked only at the layer sizes of a real run.
/// </summary>
public sealed class DirectConvOpTableTests
{
    public static IEnumerable<object[]> ConvRows() => OpTable.Names().Where(row => ((string)row[0]).StartsWith("conv", StringComparison.Ordinal));

    [Theory, MemberData(nameof(ConvRows))]
    public void Every_check_passes_with_the_direct_kernels(string name)
    {
        using var scope = CpuBackend.UseConvAlgorithm(ConvAlgorithm.Direct);
        var suite = new CpuOpTableTests();
        suite.Forward_matches_reference_float64(name);
        suite.Forward_matches_reference_float32(name);
        suite.GradCheck_contiguous(name);
        suite.GradCheck_strided_views(name);
        suite.GradGradCheck_contiguous(name);
        suite.GradGradCheck_strided_views(name);
    }
}
