using Engine.Autodiff;
using Engine.Gan.Classifier;
using Engine.Gan.Metrics;
using Xunit;

namespace Engine.Tests.Classifier;

/// <summary>Classes covered, KL to uniform and mean max-softmax of predicted-class histograms; softmax cross-entropy.</summary>
public sealed class DigitQualityTests
{
    public DigitQualityTests() => TestSetup.UseCpuByDefault();

    private static double[] OneHotRows(IEnumerable<int> classes, double top = 1.0) =>
        classes.SelectMany(c => Enumerable.Range(0, 10).Select(k => k == c ? top : (1 - top) / 9)).ToArray();

    [Fact]
    public void A_uniform_histogram_covers_every_class_with_zero_KL()
    {
        var (covered, kl, maxSoftmax) = DigitQuality.ClassStatistics(OneHotRows(Enumerable.Range(0, 1000).Select(i => i % 10), top: 0.8), 10);
        Assert.Equal(10, covered);
        Assert.Equal(0, kl, 12);
        Assert.Equal(0.8, maxSoftmax, 12);
    }

    [Fact]
    public void One_class_for_all_samples_gives_KL_log_10()
    {
        var (covered, kl, _) = DigitQuality.ClassStatistics(OneHotRows(Enumerable.Repeat(3, 50)), 10);
        Assert.Equal(1, covered);
        Assert.Equal(Math.Log(10), kl, 12);
    }

    [Fact]
    public void A_class_counts_as_covered_from_one_percent_of_the_samples()
    {
        // 1000 samples: class 1 predicted 10 times (1%), class 2 nine times (0.9%), class 0 the rest.
        var labels = Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(2, 9)).Concat(Enumerable.Repeat(0, 981));
        var (covered, kl, _) = DigitQuality.ClassStatistics(OneHotRows(labels), 10);
        Assert.Equal(2, covered);
        double[] p = [0.981, 0.010, 0.009];
        Assert.Equal(p.Sum(x => x * Math.Log(10 * x)), kl, 12);
    }

    [Fact]
    public void Cross_entropy_is_stable_for_large_logits_and_its_gradient_is_softmax_minus_one_hot()
    {
        var logits = Tensor.FromArray(new double[] { 1000, 1001, 999, -5, 0, 5 }, [2, 3], requiresGrad: true);
        var oneHot = CrossEntropy.OneHot([1, 2], 3, logits);
        var loss = CrossEntropy.Loss(logits, oneHot);
        var p = CrossEntropy.Softmax(logits.Detach()).ToDoubleArray();
        Assert.Equal(-(Math.Log(p[1]) + Math.Log(p[5])) / 2, loss.Item(), 10);
        var g = Autograd.Grad(loss, logits)!.ToDoubleArray();
        var y = oneHot.ToDoubleArray();
        for (var i = 0; i < 6; i++) Assert.Equal((p[i] - y[i]) / 2, g[i], 10);
        GradientCheck.GradGradCheck(v => CrossEntropy.Loss(v[0], oneHot), [Tensor.FromArray(new double[] { 0.3, -1, 2, 0.1, 0.5, -0.7 }, [2, 3], requiresGrad: true)]).ThrowIfFailed();
        Assert.Throws<ArgumentException>(() => CrossEntropy.OneHot([10], 10, logits));
    }
}
