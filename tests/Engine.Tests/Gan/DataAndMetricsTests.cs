using Engine.Gan.Data;
using Engine.Gan.Metrics;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Gan;

public class DataAndMetricsTests
{
    public DataAndMetricsTests() => TestSetup.UseCpuByDefault();

    private static double[] Draw(IDataSource s, int n) => s.NextBatch(n, DType.Float64, CpuBackend.Instance).ToDoubleArray();

    [Theory]
    [InlineData("8gaussians", 8)]
    [InlineData("25gaussians", 25)]
    public void Mixtures_put_nearly_every_sample_near_a_mode_and_cover_all_modes(string name, int modes)
    {
        var source = (IModalDataSource)DataSources.Create(name, 5);
        Assert.Equal(modes, source.ModeCenters.Length / 2);
        var x = Draw(source, 4000);
        var report = ModeCoverage.Measure(x, source.ModeCenters, source.ModeStd);
        Assert.Equal(modes, report.ModesCovered);
        // 2-D Gaussian: P(r < 3 sigma) = 1 - exp(-4.5) = 0.9889
        Assert.InRange(report.HighQualityFraction, 0.98, 0.997);
    }

    [Fact]
    public void Eight_gaussians_has_the_official_centres_and_scale()
    {
        var s = new EightGaussians(1);
        Assert.Equal(2 / 1.414, s.ModeCenters[0], 12);
        Assert.Equal(0, s.ModeCenters[1], 12);
        Assert.Equal(2 / Math.Sqrt(2) / 1.414, s.ModeCenters[8], 12);
        Assert.Equal(0.02 / 1.414, s.ModeStd, 12);
    }

    [Fact]
    public void Twenty_five_gaussians_is_a_fixed_shuffled_set_served_in_batches_and_cycled()
    {
        var s = new TwentyFiveGaussians(3, perMode: 4);  // 100 points, 2 batches of 50
        var a = Draw(s, 50);
        var b = Draw(s, 50);
        var c = Draw(s, 50);
        Assert.Equal(a, c);       // cycled
        Assert.NotEqual(a, b);
        var all = a.Concat(b).ToArray();
        var perMode = new int[25];
        var centres = s.ModeCenters;
        for (var i = 0; i < 100; i++)
        {
            var best = Enumerable.Range(0, 25).MinBy(m => Math.Pow(all[2 * i] - centres[2 * m], 2) + Math.Pow(all[2 * i + 1] - centres[2 * m + 1], 2));
            perMode[best]++;
        }
        Assert.All(perMode, n => Assert.Equal(4, n));  // exactly perMode points per mode
        // shuffled: the first 25 points are not one per mode in grid order
        Assert.NotEqual(Enumerable.Range(0, 25).Select(m => centres[2 * m]), a.Where((_, i) => i % 2 == 0).Take(25).Select(v => Math.Round(v)));
    }

    [Fact]
    public void Swissroll_follows_sklearn_make_swiss_roll_scaled()
    {
        var x = Draw(new SwissRoll(2), 5000);
        var radii = Enumerable.Range(0, 5000).Select(i => Math.Sqrt(x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]) * 7.5).ToArray();
        // t in [1.5 pi, 4.5 pi] plus noise 0.25 per coordinate
        Assert.InRange(radii.Min(), 1.5 * Math.PI - 1.5, 1.5 * Math.PI + 0.3);
        Assert.InRange(radii.Max(), 4.5 * Math.PI - 0.3, 4.5 * Math.PI + 1.5);
    }

    [Theory]
    [InlineData("8gaussians")]
    [InlineData("25gaussians")]
    [InlineData("swissroll")]
    public void A_seed_reproduces_the_stream_and_saved_state_resumes_it(string name)
    {
        var a = DataSources.Create(name, 9);
        var b = DataSources.Create(name, 9);
        Assert.Equal(Draw(a, 64), Draw(b, 64));
        var state = a.SaveState();
        var next = Draw(a, 64);
        var c = DataSources.Create(name, 9);
        c.LoadState(state);
        Assert.Equal(next, Draw(c, 64));
        Assert.NotEqual(Draw(DataSources.Create(name, 9), 64), Draw(DataSources.Create(name, 10), 64));
    }

    [Fact]
    public void Unknown_dataset_is_refused_listing_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DataSources.Create("9gaussians", 1));
        Assert.Contains("9gaussians", e.Message);
        Assert.Contains("swissroll", e.Message);
    }

    [Fact]
    public void Mode_coverage_counts_modes_and_high_quality_samples()
    {
        double[] centres = [0, 0, 10, 0, 0, 10];
        double[] samples = [0.1, 0, 10, 0.2, 0.5, 0.5, 5, 5];  // 2 near modes 0, 1; one 0.7 away; one far
        var r = ModeCoverage.Measure(samples, centres, std: 0.1);
        Assert.Equal(2, r.ModesCovered);
        Assert.Equal(3, r.ModeCount);
        Assert.Equal(0.5, r.HighQualityFraction);
    }

    [Fact]
    public void Mmd_is_near_zero_for_one_distribution_and_grows_with_a_shift()
    {
        var rng = new Random(1);
        double[] Gaussian(int n, double shift) => Enumerable.Range(0, 2 * n).Select(_ => shift + Normal(rng)).ToArray();
        var same = Mmd.Squared(Gaussian(500, 0), Gaussian(500, 0), 2).Mmd2;
        var small = Mmd.Squared(Gaussian(500, 0), Gaussian(500, 0.5), 2).Mmd2;
        var large = Mmd.Squared(Gaussian(500, 0), Gaussian(500, 2), 2).Mmd2;
        Assert.InRange(same, -0.01, 0.01);
        Assert.True(small > 0.02 && large > small, $"mmd same {same}, shift 0.5 {small}, shift 2 {large}");
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
