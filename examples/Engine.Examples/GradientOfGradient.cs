using Engine.Autodiff;
using Engine.Kernels.Cpu;

namespace Engine.Examples;

/// <summary>The README's first example: the second derivative of tanh by differentiating its gradient.</summary>
public static class GradientOfGradient
{
    /// <summary>Runs the example; returns x, the gradient and the gradient of the gradient.</summary>
    public static (double[] X, double[] Grad, double[] GradGrad) Run()
    {
        // README begin
        Tensor.DefaultBackend = CpuBackend.Instance;
        var x = Tensor.FromValues(0.3, -1.2).RequireGrad();
        var y = x.Tanh().Sum();
        var g = Autograd.Grad(y, x, createGraph: true)!;        // 1 - tanh(x)^2, itself a graph
        var gg = Autograd.Grad(g.Sum(), x)!;                     // -2 tanh(x) (1 - tanh(x)^2)

        // finite-difference checks, float64, PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3)
        GradientCheck.GradGradCheck(v => v[0].Tanh(), [x]).ThrowIfFailed();
        // README end
        return (x.ToDoubleArray(), g.ToDoubleArray(), gg.ToDoubleArray());
    }
}
