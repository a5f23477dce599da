using Engine.Gan.Probe;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Xunit;

namespace Engine.Tests.Gan;

/// <summary>
/// <c>engine probe</c> on the toy-mlp critic against an independent implementation: the loss
/// E[D(fake)] - E[D(real)] + lambda E[(||grad D(x_hat)||_2 - 1)^2] and its parameter gradient
/// derived by hand for a ReLU MLP and computed with plain loops over double arrays (no engine
/// code): given the ReLU masks the input gradient is W1^T M1 W2^T M2 W3^T M3 w_out^T, multilinear
/// in the weights, so its derivative is a product of the other factors; biases move the penalty
/// only through the masks (zero almost everywhere). The two must agree to 1e-9 in float64.
/// </summary>
public sealed class ProbeReferenceTests
{
    private const int Width = 8, Batch = 6, In = 2;
    private const double Lambda = 10, NormEps = 1e-12;

    private static double[] Values(int seed, int n, double scale = 1)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => scale * (2 * r.NextDouble() - 1)).ToArray();
    }

    private sealed class Critic
    {
        public readonly double[][] W = [Values(1, Width * In), Values(3, Width * Width, 0.6), Values(5, Width * Width, 0.6), Values(7, Width)];
        public readonly double[][] B = [Values(2, Width, 0.3), Values(4, Width, 0.3), Values(6, Width, 0.3), Values(8, 1)];
        public static readonly int[] Rows = [Width, Width, Width, 1], Cols = [In, Width, Width, Width];

        /// <summary>Activations h0 = x, h1..h3, the masks m1..m3 and D(x).</summary>
        public (double[][] H, bool[][] M, double D) Forward(double[] x)
        {
            var h = new double[4][];
            var m = new bool[4][];
            h[0] = x;
            for (var l = 0; l < 3; l++)
            {
                var pre = Affine(l, h[l]);
                m[l + 1] = pre.Select(v => v > 0).ToArray();
                h[l + 1] = pre.Select(v => Math.Max(v, 0)).ToArray();
            }
            return (h, m, Affine(3, h[3])[0]);
        }

        private double[] Affine(int l, double[] x)
        {
            var y = new double[Rows[l]];
            for (var i = 0; i < Rows[l]; i++)
            {
                y[i] = B[l][i];
                for (var j = 0; j < Cols[l]; j++) y[i] += W[l][i * Cols[l] + j] * x[j];
            }
            return y;
        }

        /// <summary>W_l^T v.</summary>
        public double[] TransposeTimes(int l, double[] v)
        {
            var y = new double[Cols[l]];
            for (var i = 0; i < Rows[l]; i++)
                for (var j = 0; j < Cols[l]; j++) y[j] += W[l][i * Cols[l] + j] * v[i];
            return y;
        }

        /// <summary>W_l v.</summary>
        public double[] Times(int l, double[] v)
        {
            var y = new double[Rows[l]];
            for (var i = 0; i < Rows[l]; i++)
                for (var j = 0; j < Cols[l]; j++) y[i] += W[l][i * Cols[l] + j] * v[j];
            return y;
        }
    }

    private static double[] Mask(bool[] m, double[] v) => v.Select((x, i) => m[i] ? x : 0).ToArray();

    /// <summary>The loss and d loss / d (W_l, b_l), by hand.</summary>
    private static (double Loss, double Penalty, double[][] GW, double[][] GB) Reference(Critic c, double[][] real, double[][] fake, double[] alpha)
    {
        var gw = Critic.Rows.Select((r, l) => new double[r * Critic.Cols[l]]).ToArray();
        var gb = Critic.Rows.Select(r => new double[r]).ToArray();
        var loss = 0.0;
        // Wasserstein part: ordinary backprop of +D(fake)/B and -D(real)/B.
        foreach (var (x, sign) in fake.Select(f => (f, 1.0 / Batch)).Concat(real.Select(r => (r, -1.0 / Batch))))
        {
            var (h, m, d) = c.Forward(x);
            loss += sign * d;
            var e = new[] { sign };
            for (var l = 3; l >= 0; l--)
            {
                for (var i = 0; i < Critic.Rows[l]; i++)
                {
                    gb[l][i] += e[i];
                    for (var j = 0; j < Critic.Cols[l]; j++) gw[l][i * Critic.Cols[l] + j] += e[i] * h[l][j];
                }
                if (l > 0) e = Mask(m[l], c.TransposeTimes(l, e));
            }
        }
        // Penalty part: g = W1^T a1, a1 = M1 W2^T a2, a2 = M2 W3^T a3, a3 = M3 w_out^T.
        var penalty = 0.0;
        for (var s = 0; s < Batch; s++)
        {
            var xHat = real[s].Select((r, k) => alpha[s] * r + (1 - alpha[s]) * fake[s][k]).ToArray();
            var (_, m, _) = c.Forward(xHat);
            var a = new double[4][];
            a[3] = Mask(m[3], c.W[3]);
            a[2] = Mask(m[2], c.TransposeTimes(2, a[3]));
            a[1] = Mask(m[1], c.TransposeTimes(1, a[2]));
            var g = c.TransposeTimes(0, a[1]);
            var norm = Math.Sqrt(g.Sum(v => v * v) + NormEps);
            penalty += (norm - 1) * (norm - 1) / Batch;
            // u = d(lambda * penalty) / dg; then walk back through W1^T, M1, W2^T, M2, W3^T, M3.
            var u = g.Select(v => Lambda * 2 * (norm - 1) / norm * v / Batch).ToArray();
            for (var l = 0; l < 3; l++)
            {
                // factor W_l^T a_{l+1}: d/dW_l[i, j] = a_{l+1}[i] * u[j]
                for (var i = 0; i < Critic.Rows[l]; i++)
                    for (var j = 0; j < Critic.Cols[l]; j++) gw[l][i * Critic.Cols[l] + j] += a[l + 1][i] * u[j];
                u = Mask(m[l + 1], c.Times(l, u));
            }
            // a3 = M3 w_out: d/dw_out[i] = u[i] (u already masked by M3).
            for (var i = 0; i < Width; i++) gw[3][i] += u[i];
        }
        return (loss + Lambda * penalty, penalty, gw, gb);
    }

    public static TheoryData<string> Backends => new() { "cpu", "ilgpu-cpu" };

    private static IBackend Pick(string name) => name switch
    {
        "cpu" => CpuBackend.Instance,
        _ => Engine.Kernels.Ilgpu.IlgpuBackend.Emulator,
    };

    private static (Critic C, double[][] Real, double[][] Fake, double[] Alpha, Dictionary<string, HostTensor> Result) RunProbe(IBackend backend)
    {
        var c = new Critic();
        var real = Enumerable.Range(0, Batch).Select(s => Values(100 + s, In, 2)).ToArray();
        var fake = Enumerable.Range(0, Batch).Select(s => Values(200 + s, In, 2)).ToArray();
        var alpha = Values(300, Batch).Select(v => (v + 1) / 2).ToArray();
        var weights = new List<HostTensor>();
        for (var l = 0; l < 4; l++)
        {
            weights.Add(new HostTensor($"{Names[l]}.weight", [Critic.Rows[l], Critic.Cols[l]], c.W[l]));
            weights.Add(new HostTensor($"{Names[l]}.bias", [Critic.Rows[l]], c.B[l]));
        }
        List<HostTensor> inputs =
        [
            new("real", [Batch, In], real.SelectMany(r => r).ToArray()),
            new("fake", [Batch, In], fake.SelectMany(f => f).ToArray()),
            new("alpha", [Batch], alpha),
        ];
        var result = CriticProbe.Run("toy-mlp", SafeTensors.Load(SafeTensors.Serialize(weights), "w"), SafeTensors.Load(SafeTensors.Serialize(inputs), "i"),
            Lambda, DType.Float64, backend, out _);
        return (c, real, fake, alpha, result);
    }

    private static readonly string[] Names = ["l1", "l2", "l3", "out"];

    [SkippableTheory, MemberData(nameof(Backends))]
    public void Probe_gradients_equal_the_hand_derived_ones(string backendName)
    {
        var (c, real, fake, alpha, result) = RunProbe(Pick(backendName));
        string[] names = Names;

        var (loss, penalty, gw, gb) = Reference(c, real, fake, alpha);
        // The masks must be mixed, or the check would not exercise the ReLU derivative.
        var (_, masks, _) = c.Forward(real[0]);
        Assert.Contains(true, masks[1]);
        Assert.Contains(false, masks[1]);
        Close(loss, ((double[])result["loss"].Data)[0], "loss");
        Close(penalty, ((double[])result["penalty"].Data)[0], "penalty");
        for (var l = 0; l < 4; l++)
        {
            var w = (double[])result[$"grad.{names[l]}.weight"].Data;
            var b = (double[])result[$"grad.{names[l]}.bias"].Data;
            for (var k = 0; k < w.Length; k++) Close(gw[l][k], w[k], $"grad.{names[l]}.weight[{k}]");
            for (var k = 0; k < b.Length; k++) Close(gb[l][k], b[k], $"grad.{names[l]}.bias[{k}]");
        }
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * (1 + Math.Abs(expected)), $"{what}: probe {actual:R}, hand-derived {expected:R}");
}
