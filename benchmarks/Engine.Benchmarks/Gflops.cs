using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Engine.Kernels.Cpu;

namespace Engine.Benchmarks;

/// <summary>A benchmark class that knows how many floating-point operations one invocation does.</summary>
public interface IFlopCount
{
    /// <summary>FLOPs of one call (a multiply-add counts as two).</summary>
    double Flops { get; }
}

/// <summary>
/// Prints GFLOP/s (from the mean) and its share of this machine's FP32 FMA peak for the threads
/// the kernels use, measured when the column is first shown (<see cref="FmaPeak"/>).
/// </summary>
public sealed class GflopsColumn : IColumn
{
    /// <summary>The measured FP32 FMA peak of <see cref="CpuThreads.Count"/> threads, in GFLOP/s.</summary>
    public static double PeakGflops => FmaPeak.Cached.For(CpuThreads.Count);

    public string Id => "GFLOPs";
    public string ColumnName => $"GFLOP/s (% of {PeakGflops:F0} peak)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "2 * multiply-adds / mean time; percentage of the FP32 FMA peak measured on this machine";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null) return "-";
        var instance = (IFlopCount)Activator.CreateInstance(benchmarkCase.Descriptor.Type)!;
        foreach (var p in benchmarkCase.Parameters.Items)
            benchmarkCase.Descriptor.Type.GetProperty(p.Name)?.SetValue(instance, p.Value);
        var gflops = instance.Flops / report.ResultStatistics.Mean; // mean is in ns
        return $"{gflops:F1} ({100 * gflops / PeakGflops:F0}%)";
    }
}

/// <summary>Default job plus the GFLOP/s column.</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig() => AddColumn(new GflopsColumn());
}
