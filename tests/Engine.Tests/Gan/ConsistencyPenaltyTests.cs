using Engine.Autodiff;
using Engine.Gan.Penalties;
using Engine.Nn;
using Engine.Tensors;
using Xunit;
using static Engine.Tests.Gan.GanTestModels;

namespace Engine.Tests.Gan;

/// <summary>
/// Consistency regularisation (cr, bcr) and its latent form (zcr) in float64: values against the
/// formula recomputed by hand from the same draws, and parameter gradients (of the critic's term
/// and of zcr's generator term) against finite differences.
/// </summary>
public class ConsistencyPenaltyTests
{
    public ConsistencyPenaltyTests() => TestSetup.UseCpuByDefault();

    private const int Batch = 4;

    private static (Tensor Real, Tensor Fake) Data() => (GanTestModels.Batch(11, Batch, 2), GanTestModels.Batch(12, Batch, 2, 0.5, 2.5));

    private static double D(Module critic, double[] row)
    {
        using var _ = GradMode.NoGrad();
        return critic.Forward(Tensor.FromArray(row, [1, row.Length])).Item();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Consistency_value_is_lambda_times_the_mean_squared_critic_gap_under_jitter(bool balanced)
    {
        var critic = TanhModule(TanhParams(2, 6, seed: 9));
        var (real, fake) = Data();
        const double lambda = 10;
        var reg = new ConsistencyPenalty { Lambda = lambda, Balanced = balanced };
        var value = reg.Compute(critic, real, fake, new RandomStream(42))!.Value.Item();

        // The same stream: the jitter of the real batch first, then (bcr) of the fake one.
        var rng = new RandomStream(42);
        double Gap(Tensor x)
        {
            var jitter = Tensor.Normal(rng, x.Shape, 0, 0.02, DType.Float64).ToDoubleArray();
            var v = x.ToDoubleArray();
            return Enumerable.Range(0, Batch).Average(i =>
            {
                var row = v.AsSpan(2 * i, 2).ToArray();
                var moved = row.Select((r, k) => r + jitter[2 * i + k]).ToArray();
                return Math.Pow(D(critic, row) - D(critic, moved), 2);
            });
        }
        var expected = lambda * Gap(real) + (balanced ? lambda * Gap(fake) : 0);
        Assert.True(expected > 0);
        Assert.Equal(expected, value, 1e-12);
        Assert.Equal(balanced ? "bcr" : "cr", reg.Name);
    }

    [Fact]
    public void Shift_moves_each_image_by_whole_pixels_within_the_bound_and_fills_zeros()
    {
        const int n = 6, side = 9;
        var images = Tensor.Uniform(new RandomStream(3), [n, 1, side, side], 0.1, 1, DType.Float64);
        var transform = new ConsistencyTransform { MaxShift = 2 };
        var shifted = transform.Apply(images, new RandomStream(8));
        Assert.Equal(images.Shape, shifted.Shape);
        var a = images.ToDoubleArray();
        var b = shifted.ToDoubleArray();
        var seen = new HashSet<(int, int)>();
        for (var s = 0; s < n; s++)
        {
            // Find the (dy, dx) that explains this sample: every covered pixel equals its source, the rest are zero.
            var match = (from dy in Enumerable.Range(-2, 5) from dx in Enumerable.Range(-2, 5)
                         where Enumerable.Range(0, side * side).All(p =>
                         {
                             int i = p / side, j = p % side, si = i - dy, sj = j - dx;
                             var expected = si is >= 0 and < side && sj is >= 0 and < side ? a[s * side * side + si * side + sj] : 0.0;
                             return b[s * side * side + p] == expected;
                         })
                         select (dy, dx)).ToList();
            Assert.Single(match);
            seen.Add(match[0]);
        }
        Assert.True(seen.Count > 1, "every sample got the same shift");
        // and the draws come from the stream: the same seed gives the same shifts
        Assert.Equal(b, transform.Apply(images, new RandomStream(8)).ToDoubleArray());
    }

    [Fact]
    public void Consistency_on_images_has_a_parameter_gradient_that_matches_finite_differences()
    {
        // A small conv critic on 6x6 images: the shift is data-only, the gap's gradient flows through both critic calls.
        var rng = new RandomStream(4);
        var critic = new Sequential(("conv", new Conv2d(1, 2, 3, rng, stride: 2, padding: 1, dtype: DType.Float64)), ("tanh", new Tanh()),
            ("flatten", new Flatten()), ("fc", new Linear(18, 1, rng, dtype: DType.Float64)));
        var real = Tensor.Uniform(new RandomStream(5), [3, 1, 6, 6], dtype: DType.Float64);
        var fake = Tensor.Uniform(new RandomStream(6), [3, 1, 6, 6], dtype: DType.Float64);
        var reg = new ConsistencyPenalty { Lambda = 10, Balanced = true, Transform = new ConsistencyTransform { MaxShift = 1 } };
        var result = GradientCheck.GradCheck(p => WithParameterValues(critic, p, () => reg.Compute(critic, real, fake, new RandomStream(42))!.Value), critic.Parameters());
        Assert.True(result.Passed, result.Message);
    }

    // A tanh generator z (3) -> 2: G(z) = V tanh(U z + c) + d.
    private static Tensor[] GeneratorParams(ulong seed)
    {
        var rng = new RandomStream(seed);
        return
        [
            Tensor.Uniform(rng, [5, 3], -1, 1, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [5], -0.5, 0.5, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [2, 5], -1, 1, DType.Float64, requiresGrad: true),
            Tensor.Uniform(rng, [2], -0.5, 0.5, DType.Float64, requiresGrad: true),
        ];
    }

    private static Module GeneratorModule(Tensor[] q) => new GanTestModels.Functional(z => z.Linear(q[0], q[1]).Tanh().Linear(q[2], q[3]));

    private static Tensor Noise() => Tensor.Normal(new RandomStream(21), [Batch, 3], dtype: DType.Float64);

    [Fact]
    public void Latent_consistency_critic_term_matches_the_formula_and_finite_differences()
    {
        var g = GeneratorModule(GeneratorParams(7));
        var z = Noise();
        var fake = g.Forward(z).Detach();
        var reg = new LatentConsistencyPenalty { Lambda = 5, Sigma = 0.3 };
        var (real, _) = Data();
        Tensor Term(Tensor[] p) => reg.Compute(TanhModule(p), real, new LatentBatch(g, z, fake), new RandomStream(42))!.Value;

        var p0 = TanhParams(2, 6, seed: 9);
        var dz = Tensor.Normal(new RandomStream(42), z.Shape, 0, 0.3, DType.Float64);
        var moved = g.Forward(z + dz).ToDoubleArray();
        var f = fake.ToDoubleArray();
        var critic = TanhModule(p0);
        var expected = 5 * Enumerable.Range(0, Batch).Average(i => Math.Pow(D(critic, f.AsSpan(2 * i, 2).ToArray()) - D(critic, moved.AsSpan(2 * i, 2).ToArray()), 2));
        Assert.Equal(expected, Term(p0).Item(), 1e-12);
        Assert.Throws<InvalidOperationException>(() => reg.Compute(critic, real, fake, new RandomStream(1)));

        var check = GradientCheck.GradCheck(Term, p0);
        Assert.True(check.Passed, check.Message);
    }

    [Fact]
    public void Latent_consistency_generator_term_rewards_spread_and_matches_finite_differences()
    {
        var critic = TanhModule(TanhParams(2, 6, seed: 9));
        var z = Noise();
        var reg = new LatentConsistencyPenalty { GeneratorLambda = 0.5, Sigma = 0.3 };
        Tensor Term(Tensor[] q)
        {
            var g = GeneratorModule(q);
            return reg.GeneratorTerm(critic, new LatentBatch(g, z, g.Forward(z)), new RandomStream(42))!;
        }
        var q0 = GeneratorParams(7);
        var dz = Tensor.Normal(new RandomStream(42), z.Shape, 0, 0.3, DType.Float64);
        var g0 = GeneratorModule(q0);
        var a = g0.Forward(z).ToDoubleArray();
        var b = g0.Forward(z + dz).ToDoubleArray();
        var expected = -0.5 * a.Zip(b).Average(p => (p.First - p.Second) * (p.First - p.Second));
        Assert.True(expected < 0);
        Assert.Equal(expected, Term(q0).Item(), 1e-12);

        var check = GradientCheck.GradCheck(Term, q0);
        Assert.True(check.Passed, check.Message);
    }

    [Fact]
    public void Consistency_penalties_are_registered_with_the_papers_default_weights()
    {
        foreach (var (name, lambda) in new[] { ("cr", 10.0), ("bcr", 10.0), ("zcr", 5.0) })
        {
            var config = new Engine.Gan.Training.TrainConfig { Penalty = name };
            Assert.Equal(lambda, config.EffectiveLambda);
            var reg = Regularizers.Create(name, config.EffectiveLambda);
            Assert.Equal(name, reg.Name);
            Assert.True(reg.AddsTerm);
        }
        Assert.Equal(0.5, new LatentConsistencyPenalty().GeneratorLambda);
        Assert.Equal(0.03, new LatentConsistencyPenalty().Sigma);
    }
}
