using Engine.Autodiff;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Autodiff;

/// <summary>
/// Vjp, Jvp, Hvp, Jacobian and Hessian against closed forms and central differences in float64.
/// Written over a backend so every backend's test class runs the same checks.
/// </summary>
public abstract class FunctionalTransformsSuite
{
    protected abstract IBackend Backend { get; }

    private Tensor Values(ulong seed, params int[] shape) => Tensor.Uniform(new RandomStream(seed), shape, -1, 1, DType.Float64, backend: Backend);

    private static void Near(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    // f(x) = tanh(A x + b), x [3], A [4, 3]: J = diag(1 - tanh^2) A.
    private Tensor A => Values(1, 4, 3);
    private Tensor B => Values(2, 4);
    private Tensor F(Tensor x) => (A.MatMul(x.Reshape(3, 1)).Reshape(4) + B).Tanh();

    private double[] ClosedFormJacobian(Tensor x)
    {
        var a = A.ToDoubleArray();
        var t = F(x.Detach()).ToDoubleArray();
        return Enumerable.Range(0, 12).Select(k => (1 - t[k / 3] * t[k / 3]) * a[k]).ToArray();
    }

    /// <summary>Central differences of f's flattened output with respect to each element of x: [out, in].</summary>
    private static double[] NumericJacobian(Func<Tensor, Tensor> f, Tensor x)
    {
        const double h = 1e-6;
        var x0 = x.ToDoubleArray();
        var n = x0.Length;
        double[] At(double[] v) { using var _ = GradMode.NoGrad(); return f(Tensor.FromArray(v, x.Shape, backend: x.Backend)).ToDoubleArray(); }
        var columns = Enumerable.Range(0, n).Select(j =>
        {
            var plus = (double[])x0.Clone();
            var minus = (double[])x0.Clone();
            plus[j] += h;
            minus[j] -= h;
            return At(plus).Zip(At(minus), (p, m) => (p - m) / (2 * h)).ToArray();
        }).ToArray();
        var m = columns[0].Length;
        return Enumerable.Range(0, m * n).Select(k => columns[k % n][k / n]).ToArray();
    }

    [Fact]
    public void Jacobian_equals_the_closed_form_and_central_differences()
    {
        var x = Values(3, 3);
        var j = Functional.Jacobian(F, x);
        Assert.Equal([4, 3], j.Shape);
        Near(ClosedFormJacobian(x), j.ToDoubleArray(), 1e-12, "jacobian");
        Near(NumericJacobian(F, x), j.ToDoubleArray(), 1e-7, "jacobian vs differences");
        Assert.False(j.RequiresGrad);
    }

    [Fact]
    public void Vjp_and_Jvp_are_products_with_the_Jacobian()
    {
        var x = Values(3, 3);
        var v = Values(4, 4);
        var u = Values(5, 3);
        var jac = ClosedFormJacobian(x);
        var (y, vjp) = Functional.Vjp(p => [F(p[0])], [x], [v]);
        Near(F(x).ToDoubleArray(), y[0].ToDoubleArray(), 0, "vjp output");
        var vv = v.ToDoubleArray();
        Near(Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 4).Sum(k => vv[k] * jac[k * 3 + i])).ToArray(), vjp[0].ToDoubleArray(), 1e-12, "vjp");
        var (_, jvp) = Functional.Jvp(p => [F(p[0])], [x], [u]);
        var uu = u.ToDoubleArray();
        Assert.Equal([4], jvp[0].Shape);
        Near(Enumerable.Range(0, 4).Select(k => Enumerable.Range(0, 3).Sum(i => jac[k * 3 + i] * uu[i])).ToArray(), jvp[0].ToDoubleArray(), 1e-12, "jvp");
        // A directional difference: (f(x + h u) - f(x - h u)) / 2h
        const double h = 1e-6;
        var x0 = x.ToDoubleArray();
        double[] At(double s) => F(Tensor.FromArray(x0.Select((xi, i) => xi + s * uu[i]).ToArray(), [3], backend: Backend)).ToDoubleArray();
        Near(At(h).Zip(At(-h), (p, m) => (p - m) / (2 * h)).ToArray(), jvp[0].ToDoubleArray(), 1e-7, "jvp vs differences");
    }

    // g(x) = sum(x^3) + x0 x1: gradient 3x^2 + (x1, x0, 0), Hessian diag(6x) + the off-diagonal ones.
    private static Tensor G(Tensor x) => x.Pow(3.0).Sum() + x.Slice(0, 0, 1).Sum() * x.Slice(0, 1, 1).Sum();

    private static double[] ClosedFormHessian(double[] x) =>
    [
        6 * x[0], 1, 0,
        1, 6 * x[1], 0,
        0, 0, 6 * x[2],
    ];

    [Fact]
    public void Hessian_and_Hvp_equal_the_closed_form_and_differences_of_the_gradient()
    {
        var x = Values(6, 3);
        var h = Functional.Hessian(G, x);
        Assert.Equal([3, 3], h.Shape);
        var expected = ClosedFormHessian(x.ToDoubleArray());
        Near(expected, h.ToDoubleArray(), 1e-12, "hessian");
        Tensor Gradient(Tensor p) => Functional.Vjp(q => [G(q[0])], [p], [Tensor.Scalar(1.0, p)]).Vjp[0];
        Near(NumericJacobian(Gradient, x), h.ToDoubleArray(), 1e-7, "hessian vs differences of the gradient");

        var u = Values(7, 3);
        var (value, hvp) = Functional.Hvp(p => G(p[0]), [x], [u]);
        Assert.Equal(G(x).Item(), value.Item());
        var uu = u.ToDoubleArray();
        Near(Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(k => expected[i * 3 + k] * uu[k])).ToArray(), hvp[0].ToDoubleArray(), 1e-12, "hvp");
    }

    [Fact]
    public void A_derivative_that_is_identically_zero_comes_back_as_zeros()
    {
        // relu is piecewise linear: its Hessian is zero, and so is the Hessian of a linear function.
        var x = Values(8, 4);
        Assert.All(Functional.Hessian(p => p.Relu().Sum(), x).ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.All(Functional.Hessian(p => (p * 2.0).Sum(), x).ToDoubleArray(), v => Assert.Equal(0.0, v));
        var (_, jvp) = Functional.Jvp(p => [p[0].Sum() * 0.0 + 1.0], [x], [x]);
        Assert.Equal(0.0, jvp[0].Item());
    }

    [Fact]
    public void With_createGraph_a_transform_can_be_differentiated_again()
    {
        // d/dx of u^T H(x) u for g: H depends on x only through 6 x_i on the diagonal, so the gradient is 6 u_i^2.
        var x = Values(9, 3).RequireGrad();
        var u = Values(10, 3);
        var (_, hvp) = Functional.Hvp(p => G(p[0]), [x], [u], createGraph: true);
        var quad = (hvp[0] * u).Sum();
        var grad = Autograd.Grad([quad], [x])[0]!;
        var uu = u.ToDoubleArray();
        Near(uu.Select(v => 6 * v * v).ToArray(), grad.ToDoubleArray(), 1e-12, "d(u^T H u)/dx");
    }

    [Fact]
    public void Mismatched_vectors_are_refused_naming_the_transform()
    {
        var x = Values(3, 3);
        Assert.Contains("vjp", Assert.ThrowsAny<ArgumentException>(() => Functional.Vjp(p => [F(p[0])], [x], [Values(1, 3)])).Message);
        Assert.Contains("jvp", Assert.ThrowsAny<ArgumentException>(() => Functional.Jvp(p => [F(p[0])], [x], [Values(1, 4)])).Message);
        Assert.Contains("hvp: f must return a scalar", Assert.ThrowsAny<ArgumentException>(() => Functional.Hvp(p => F(p[0]), [x], [x])).Message);
    }
}

public sealed class CpuFunctionalTransformsTests : FunctionalTransformsSuite
{
    protected override IBackend Backend => Engine.Kernels.Cpu.CpuBackend.Instance;
}

/// <summary>The transforms on the ILGPU backend, run by ILGPU's CPU emulator (the inputs are a few elements, so it is quick).</summary>
public sealed class IlgpuEmulatorFunctionalTransformsTests : FunctionalTransformsSuite
{
    protected override IBackend Backend => Engine.Kernels.Ilgpu.IlgpuBackend.Emulator;
}
