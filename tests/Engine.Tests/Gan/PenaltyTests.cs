using Engine.Autodiff;
using Engine.Nn;
using Engine.Gan.Penalties;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Gan.GanTestModels;

namespace Engine.Tests.Gan;

/// <summary>
/// Every penalty in float64: its value against a finite-difference input gradient, its gradient
/// with respect to the critic's parameters against finite differences (a derivative through a
/// backward pass), and the manual variant against the autodiff one.
/// </summary>
public class PenaltyTests
{
    public PenaltyTests() => TestSetup.UseCpuByDefault();

    private const int Batch = 4;

    public static TheoryData<string> PenaltyNames => new() { "gp", "lp", "r1", "r2", "dragan", "cr", "bcr" };

    private static (Tensor Real, Tensor Fake) Data() => (Batch(11, Batch, 2), Batch(12, Batch, 2, 0.5, 2.5));

    // The same penalty draws the same alpha every evaluation: a fresh generator per call.
    private static Tensor Penalty(CriticRegularizer reg, Module critic, Tensor real, Tensor fake) =>
        reg.Compute(critic, real, fake, new RandomStream(42))!.Value;

    [Theory]
    [MemberData(nameof(PenaltyNames))]
    public void Penalty_gradient_with_respect_to_critic_parameters_matches_finite_differences(string name)
    {
        var reg = Regularizers.Create(name, 3.0);
        var (real, fake) = Data();
        var result = GradientCheck.GradCheck(p => Penalty(reg, TanhModule(p), real, fake), TanhParams(2, 6, seed: 5));
        Assert.True(result.Passed, result.Message);
    }

    [Theory]
    [MemberData(nameof(PenaltyNames))]
    public void Penalty_gradient_on_the_relu_toy_critic_matches_finite_differences(string name)
    {
        var critic = ToyCritic(width: 5);
        var reg = Regularizers.Create(name, 2.0);
        var (real, fake) = Data();
        var result = GradientCheck.GradCheck(p => WithParameterValues(critic, p, () => Penalty(reg, critic, real, fake)), critic.Parameters());
        Assert.True(result.Passed, result.Message);
    }

    [Theory]
    [InlineData("gp")]
    [InlineData("r1")]
    public void Penalty_passes_GradGradCheck(string name)
    {
        var reg = Regularizers.Create(name, 1.0);
        var (real, fake) = Data();
        var result = GradientCheck.GradGradCheck(p => Penalty(reg, TanhModule(p), real, fake), TanhParams(2, 4, seed: 8));
        Assert.True(result.Passed, result.Message);
    }

    [Theory]
    [InlineData("gp")]
    [InlineData("lp")]
    [InlineData("r1")]
    [InlineData("r2")]
    public void Penalty_value_matches_a_finite_difference_input_gradient(string name)
    {
        var critic = TanhModule(TanhParams(2, 6, seed: 9));
        const double lambda = 2.5;
        var reg = Regularizers.Create(name, lambda);
        var (real, fake) = Data();
        var value = Penalty(reg, critic, real, fake).Item();

        // Rebuild the evaluation points exactly as the penalty does (same generator, same draw).
        double[] points = name switch
        {
            "r1" => real.ToDoubleArray(),
            "r2" => fake.ToDoubleArray(),
            _ => Interpolates(real, fake),
        };
        var norms = FiniteDifferenceGradientNorms(critic, points);
        var expected = name switch
        {
            "gp" => lambda * norms.Average(n => (n - 1) * (n - 1)),
            "lp" => lambda * norms.Average(n => Math.Pow(Math.Max(0, n - 1), 2)),
            _ => lambda / 2 * norms.Average(n => n * n),
        };
        Assert.Equal(expected, value, 1e-7);
    }

    [Fact]
    public void Manual_penalty_equals_the_autodiff_penalty_in_value_and_parameter_gradient()
    {
        var p = TanhParams(2, 7, seed: 12);
        var critic = TanhModule(p);
        var (real, fake) = Data();
        var auto = new GradientPenalty { Lambda = 10 };
        var manual = new GradientPenalty { Lambda = 10, InputGradientFn = x => TanhCriticInputGradient(x, p) };
        Assert.Equal("manual", manual.Name);
        var a = Penalty(auto, critic, real, fake);
        var m = Penalty(manual, critic, real, fake);
        Assert.Equal(a.Item(), m.Item(), 1e-12);
        var ga = Autograd.Grad([a], p, allowUnused: true);
        var gm = Autograd.Grad([m], p, allowUnused: true);
        Assert.Null(ga[3]); // the output bias cannot move an input gradient
        Assert.Null(gm[3]);
        for (var i = 0; i < 3; i++)
        {
            var x = ga[i]!.ToDoubleArray();
            var y = gm[i]!.ToDoubleArray();
            for (var j = 0; j < x.Length; j++) Assert.Equal(x[j], y[j], 1e-12);
        }
        // and the manual penalty's own parameter gradient is right
        var check = GradientCheck.GradCheck(
            q => Penalty(new GradientPenalty { Lambda = 10, InputGradientFn = x => TanhCriticInputGradient(x, q) }, TanhModule(q), real, fake), p);
        Assert.True(check.Passed, check.Message);
    }

    [Fact]
    public void Gradient_norm_is_finite_where_the_input_gradient_is_zero()
    {
        // A critic that is constant in x: grad D = 0, and the norm's epsilon keeps d penalty / d W finite.
        var p = TanhParams(2, 3, seed: 1);
        p[0] = Tensor.Zeros([3, 2], DType.Float64, requiresGrad: true);
        var (real, fake) = Data();
        var pen = Penalty(new GradientPenalty { Lambda = 1 }, TanhModule(p), real, fake);
        Assert.Equal(1.0, pen.Item(), 5);  // (sqrt(0 + eps) - 1)^2 = 1 - 2e-6
        var grads = Autograd.Grad([pen], p, allowUnused: true);
        Assert.All(grads.Where(g => g is not null), g => Assert.All(g!.ToDoubleArray(), v => Assert.True(double.IsFinite(v))));
    }

    [Fact]
    public void Penalty_reports_per_sample_gradient_norms()
    {
        var critic = TanhModule(TanhParams(2, 6, seed: 9));
        var (real, fake) = Data();
        var term = new GradientPenalty { Lambda = 1 }.Compute(critic, real, fake, new RandomStream(42))!;
        Assert.Equal([Batch], term.GradNorms!.Shape);
        Assert.False(term.GradNorms.RequiresGrad);
        var norms = FiniteDifferenceGradientNorms(critic, Interpolates(real, fake));
        Assert.Equal(norms, term.GradNorms.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-7);
    }

    [Fact]
    public void Weight_clipping_clamps_every_critic_parameter_after_a_step()
    {
        var critic = ToyCritic(width: 8);
        var clip = Regularizers.Create("clip", 0.01);
        Assert.Null(clip.Compute(critic, Batch(1, 3, 2), Batch(2, 3, 2), new RandomStream(1)));
        Assert.Contains(critic.Parameters().SelectMany(p => p.ToDoubleArray()), v => Math.Abs(v) > 0.01);
        clip.AfterCriticStep(critic);
        Assert.All(critic.Parameters().SelectMany(p => p.ToDoubleArray()), v => Assert.InRange(v, -0.01, 0.01));
    }

    [Theory]
    [InlineData("gp", -1.0)]
    [InlineData("r1", double.NaN)]
    [InlineData("clip", 0.0)]
    public void Invalid_weights_are_refused(string name, double lambda)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Regularizers.Create(name, lambda));
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Unknown_penalty_names_list_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Regularizers.Create("wgan-gp", 1));
        Assert.Contains("wgan-gp", e.Message);
        Assert.Contains("dragan", e.Message);
    }

    private static double[] Interpolates(Tensor real, Tensor fake)
    {
        var alpha = Tensor.Uniform(new RandomStream(42), [Batch, 1], dtype: DType.Float64).ToDoubleArray();
        var r = real.ToDoubleArray();
        var f = fake.ToDoubleArray();
        return r.Select((v, i) => alpha[i / 2] * v + (1 - alpha[i / 2]) * f[i]).ToArray();
    }

    private static double[] FiniteDifferenceGradientNorms(Module critic, double[] points)
    {
        const double h = 1e-6;
        double D(double[] p) { using var _ = GradMode.NoGrad(); return critic.Forward(Tensor.FromArray(p, [1, 2])).Item(); }
        var norms = new double[points.Length / 2];
        for (var i = 0; i < norms.Length; i++)
        {
            var sq = 0.0;
            for (var k = 0; k < 2; k++)
            {
                var plus = points.AsSpan(2 * i, 2).ToArray();
                var minus = plus.ToArray();
                plus[k] += h;
                minus[k] -= h;
                var g = (D(plus) - D(minus)) / (2 * h);
                sq += g * g;
            }
            norms[i] = Math.Sqrt(sq);
        }
        return norms;
    }
}
