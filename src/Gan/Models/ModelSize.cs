using Engine.Autodiff;
using Engine.Autodiff.Inspection;
using Engine.Nn;

namespace Engine.Gan.Models;

/// <summary>
/// The size of a network at a width, found without building it at that width: the networks here
/// are made of linear, conv and norm layers whose sizes are proportional to the width, so the
/// state size (parameters and buffers) is a quadratic polynomial in it (fitted exactly from builds at widths 1, 2 and 3)
/// and the activations of one sample a linear one (from forwards at widths 1 and 2). This is how a
/// width read from a file or the command line is refused before a model that cannot fit is allocated.
/// </summary>
public static class ModelSize
{
    /// <summary>The number of state elements (parameters and buffers) <paramref name="build"/> gives at <paramref name="width"/> (may exceed int.MaxValue).</summary>
    public static long StateElements(Func<int, Module> build, long width)
    {
        ArgumentNullException.ThrowIfNull(build);
        long P(int w) => build(w).StateDict().Sum(p => (long)p.Value.Numel);
        long p1 = P(1), p2 = P(2), p3 = P(3);
        // p(w) = a w^2 + b w + c from three points; 2a is the second difference.
        var twiceA = p3 - 2 * p2 + p1;
        var b2 = 2 * (p2 - p1) - 3 * twiceA; // 2b
        var c = p1 - (twiceA + b2) / 2;
        return Saturating(twiceA / 2.0 * width * width + b2 / 2.0 * width + c);
    }

    /// <summary>
    /// The elements the forward of one sample of shape <paramref name="inputShape"/> produces at
    /// <paramref name="width"/> (every op output that is not a view, summed).
    /// </summary>
    public static long ForwardElementsPerSample(Func<int, Module> build, int[] inputShape, long width)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(inputShape);
        long A(int w)
        {
            var module = build(w);
            var counter = new OutputCounter();
            using (GradMode.NoGrad())
            {
                var x = Tensor.Zeros([1, .. inputShape], dtype: module.Parameters()[0].DType, backend: module.Parameters()[0].Backend);
                using var scope = OpObserver.Install(counter);
                module.Forward(x);
            }
            return counter.Elements;
        }
        long a1 = A(1), a2 = A(2);
        return Saturating(a1 + (double)(a2 - a1) * (width - 1));
    }

    private static long Saturating(double v) => v >= long.MaxValue ? long.MaxValue : Math.Max(0, (long)v);

    private sealed class OutputCounter : IOpObserver
    {
        public long Elements { get; private set; }

        public void OnOp(OpEvent e)
        {
            if (!e.OutputIsView) Elements += e.Outputs.Sum(o => (long)o.Numel);
        }
    }
}
