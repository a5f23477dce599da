using Engine.Gan.Metrics;
using Xunit;

namespace Engine.Tests.Classifier;

/// <summary>The Frechet distance and the symmetric eigen decomposition behind its matrix square roots, on hand-computable cases.</summary>
public sealed class FrechetDistanceTests
{
    [Fact]
    public void Diagonal_covariances_give_the_sum_of_squared_root_differences_plus_the_mean_term()
    {
        // FD = |mu1 - mu2|^2 + sum_i (sqrt(s1_i) - sqrt(s2_i))^2 = (1 + 4 + 0) + (1 + 1 + 0) = 7
        double[] mu1 = [0, 0, 0], mu2 = [1, 2, 0];
        double[] s1 = [1, 0, 0, 0, 4, 0, 0, 0, 9], s2 = [4, 0, 0, 0, 1, 0, 0, 0, 9];
        Assert.Equal(7.0, FrechetDistance.FromStatistics(mu1, s1, mu2, s2), 10);
    }

    [Fact]
    public void Rotated_commuting_covariances_match_their_eigenvalues()
    {
        // S1 = R diag(1, 4) R^T and S2 = R diag(9, 16) R^T commute: FD = (1 - 3)^2 + (2 - 4)^2 = 8
        var (c, s) = (Math.Cos(0.7), Math.Sin(0.7));
        double[] S(double a, double b) => [c * c * a + s * s * b, c * s * (a - b), c * s * (a - b), s * s * a + c * c * b];
        Assert.Equal(8.0, FrechetDistance.FromStatistics([0, 0], S(1, 4), [0, 0], S(9, 16)), 10);
    }

    [Fact]
    public void Non_commuting_2x2_covariances_match_the_closed_form()
    {
        // For a 2 x 2 PSD M, tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)); with M = sqrt(S1) S2 sqrt(S1),
        // tr M = tr(S1 S2) and det M = det S1 det S2.
        double[] s1 = [2, 0.5, 0.5, 1], s2 = [1, -0.3, -0.3, 3];
        var trS1S2 = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3];
        var det = (s1[0] * s1[3] - s1[1] * s1[2]) * (s2[0] * s2[3] - s2[1] * s2[2]);
        var expected = 0.25 + 1 + 3 + 4 - 2 * Math.Sqrt(trS1S2 + 2 * Math.Sqrt(det));
        Assert.Equal(expected, FrechetDistance.FromStatistics([0.5, 0], s1, [0, 1], s2), 10);
    }

    [Fact]
    public void Identical_feature_sets_are_at_distance_zero_even_with_a_dead_feature()
    {
        var r = new Random(3);
        const int n = 300, d = 16;
        var a = new double[n * d];
        for (var i = 0; i < a.Length; i++) a[i] = i % d == 5 ? 0 : Math.Max(0, r.NextDouble() * 4 - 1); // ReLU-like, feature 5 always 0
        Assert.InRange(FrechetDistance.FromFeatures(a, a, d), 0, 1e-9);
        var shifted = a.Select((v, i) => i % d == 0 ? v + 2 : v).ToArray();
        Assert.Equal(4.0, FrechetDistance.FromFeatures(a, shifted, d), 8); // only the means differ, by 2 in one feature
    }

    [Fact]
    public void Statistics_use_the_n_minus_1_divisor()
    {
        var (mean, cov) = FrechetDistance.Statistics([1, 2, 3, 6], 2);
        Assert.Equal([2.0, 4.0], mean);
        Assert.Equal([2.0, 4.0, 4.0, 8.0], cov);
    }
}
