using Xunit;
using Engine.Kernels.Cpu;

namespace Engine.Tests.Kernels;

/// <summary>The peak meter reports a usable figure and picks the right one per thread count (it times nothing here itself).</summary>
public class FmaPeakTests
{
    [Fact]
    public void MeasuresPositiveFinitePeaks()
    {
        var peak = FmaPeak.Measure(Environment.ProcessorCount, seconds: 0.005);
        Assert.True(peak.OneThread > 0 && double.IsFinite(peak.OneThread), $"one thread: {peak.OneThread}");
        Assert.True(peak.AllThreads > 0 && double.IsFinite(peak.AllThreads), $"all threads: {peak.AllThreads}");
        Assert.Contains(peak.VectorBits, new[] { 128, 256, 512 });
        Assert.Equal(peak.OneThread, peak.For(1));
        Assert.Equal(Environment.ProcessorCount == 1 ? peak.OneThread : peak.AllThreads, peak.For(Environment.ProcessorCount));
    }

    [Fact]
    public void RejectsThreadCountsOutsideTheMachine()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FmaPeak.Measure(Environment.ProcessorCount + 1));
        Assert.Contains("fma peak", e.Message);
    }
}
