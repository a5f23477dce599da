using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>One op's verdict on a device.</summary>
/// <param name="Name">The <see cref="OpCatalog"/> row.</param>
/// <param name="Float64Error">Largest relative difference of the float64 forward from the reference backend's.</param>
/// <param name="Float32Error">Largest relative difference of the float32 forward from the reference backend's.</param>
/// <param name="GradCheck">GradCheck in float64 on the device.</param>
/// <param name="GradGradCheck">GradGradCheck in float64 on the device.</param>
/// <param name="Passed">All four within tolerance.</param>
/// <param name="Message">Why it failed; empty when it passed.</param>
public sealed record SelfTestRow(string Name, double Float64Error, double Float32Error, bool GradCheck, bool GradGradCheck, bool Passed, string Message);

/// <summary>
/// Checks every op of <see cref="OpCatalog"/> on a device: its forward in float64 and float32
/// against a reference backend (the CPU) on the same inputs, then GradCheck and GradGradCheck in
/// float64 on the device itself, so first and second derivatives are verified where they run.
/// </summary>
public static class BackendSelfTest
{
    /// <summary>Relative forward tolerance in float64 (kernels may contract a*x+y into FMA).</summary>
    public const double Float64Tolerance = 1e-10;

    /// <summary>Relative forward tolerance in float32.</summary>
    public const double Float32Tolerance = 1e-4;

    /// <summary>Runs the rows whose name contains <paramref name="filter"/> (all when null); <paramref name="progress"/> gets each finished row.</summary>
    public static List<SelfTestRow> Run(IBackend device, IBackend reference, string? filter = null, Action<SelfTestRow>? progress = null)
    {
        var rows = new List<SelfTestRow>();
        foreach (var spec in OpCatalog.All.Where(s => filter is null || s.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var row = Check(spec, device, reference);
            rows.Add(row);
            progress?.Invoke(row);
        }
        return rows;
    }

    /// <summary>Checks one row.</summary>
    public static SelfTestRow Check(OpSpec spec, IBackend device, IBackend reference)
    {
        var values = Inputs(spec);
        var problems = new List<string>();
        double Forward(DType dtype, double tolerance)
        {
            var expected = Evaluate(spec, values, dtype, reference);
            var actual = Evaluate(spec, values, dtype, device);
            var worst = 0.0;
            var at = -1;
            for (var i = 0; i < expected.Length; i++)
            {
                var error = Math.Abs(actual[i] - expected[i]) / (1 + Math.Abs(expected[i]));
                if (double.IsNaN(error) && !(double.IsNaN(actual[i]) && double.IsNaN(expected[i]))) error = double.PositiveInfinity;
                if (error > worst) (worst, at) = (error, i);
            }
            if (worst > tolerance)
                problems.Add($"{dtype.Name()} forward element {at}: {actual[at]} on {device.Name}, {expected[at]} on {reference.Name}");
            return worst;
        }
        var f64 = Forward(DType.Float64, Float64Tolerance);
        var f32 = Forward(DType.Float32, Float32Tolerance);
        var leaves = values.Select((v, i) => Tensor.FromArray(v, spec.Shapes[i], requiresGrad: true, device)).ToArray();
        var options = new GradCheckOptions { Name = spec.Name };
        var first = GradientCheck.GradCheck(spec.Op, leaves, options);
        if (!first.Passed) problems.Add(first.Message);
        var second = GradientCheck.GradGradCheck(spec.Op, leaves, options);
        if (!second.Passed) problems.Add(second.Message);
        return new SelfTestRow(spec.Name, f64, f32, first.Passed, second.Passed, problems.Count == 0, string.Join("; ", problems));
    }

    private static double[] Evaluate(OpSpec spec, double[][] values, DType dtype, IBackend backend)
    {
        var inputs = values.Select((v, i) =>
            Tensor.FromArray(dtype == DType.Float64 ? v : Array.ConvertAll(v, x => (float)x), spec.Shapes[i], requiresGrad: false, backend)).ToArray();
        return spec.Op(inputs).ToDoubleArray();
    }

    /// <summary>Deterministic inputs inside each input's domain, seeded by the row name.</summary>
    internal static double[][] Inputs(OpSpec spec)
    {
        var random = new Random(spec.Name.Aggregate(17, (h, c) => h * 31 + c));
        return spec.Shapes.Select((shape, i) =>
        {
            var (lo, hi) = spec.Domain(i);
            var data = new double[Shape.Numel(shape)];
            for (var j = 0; j < data.Length; j++) data[j] = lo + (hi - lo) * random.NextDouble();
            return data;
        }).ToArray();
    }
}
