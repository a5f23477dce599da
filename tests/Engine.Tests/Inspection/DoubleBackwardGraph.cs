using Engine.Autodiff;

namespace Engine.Tests.Inspection;

/// <summary>
/// The tiny double-backward computation the inspection tests share: y = tanh(x W^T), the input
/// gradient gx = d sum(y) / dx with a graph, and the penalty gradient d sum(gx^2) / dW.
/// </summary>
internal sealed class DoubleBackwardGraph
{
    public DoubleBackwardGraph()
    {
        X = Tensor.FromArray(new double[] { 0.1, -0.4, 0.7, 0.3, 0.9, -0.2, -0.5, 0.6, 0.2, 0.8, -0.7, 0.4 }, [4, 3], requiresGrad: true);
        X.Name = "x";
        W = Tensor.FromArray(new double[] { 0.5, -0.3, 0.2, -0.1, 0.4, 0.6 }, [2, 3], requiresGrad: true);
        W.Name = "W";
    }

    public Tensor X { get; }

    public Tensor W { get; }

    /// <summary>Runs forward, backward with a graph, and the backward of the backward.</summary>
    public Tensor PenaltyGradient(bool createGraph, bool? retainGraph = null)
    {
        var y = X.MatMul(W.Transpose()).Tanh();
        var gx = Autograd.Grad(y.Sum(), X, createGraph: true)!;
        var penalty = (gx * gx).Sum();
        return Autograd.Grad(penalty, W, createGraph: createGraph, retainGraph: retainGraph)!;
    }
}
