using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>max(0, x).</summary>
public sealed class Relu : Module, IFusableActivation
{
    /// <inheritdoc />
    public UnaryOp Op => new(UnaryOpKind.Relu);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Relu();
}

/// <summary>x for x &gt; 0, slope * x otherwise.</summary>
public sealed class LeakyRelu(double slope = 0.2) : Module, IFusableActivation
{
    /// <summary>The negative slope.</summary>
    public double Slope { get; } = slope;

    /// <inheritdoc />
    public UnaryOp Op => new(UnaryOpKind.LeakyRelu, Slope);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.LeakyRelu(Slope);
}

/// <summary>tanh(x).</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Tanh();
}

/// <summary>1 / (1 + exp(-x)).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Sigmoid();
}

/// <summary>Reshapes each sample: [N, ...] to [N, shape...].</summary>
public sealed class Unflatten(params int[] shape) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Reshape([x.Shape[0], .. shape]);
}

/// <summary>Flattens each sample to a vector: [N, ...] to [N, -1].</summary>
public sealed class Flatten : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Flatten(1);
}

/// <summary>Keeps the top-left <c>size</c> x <c>size</c> pixels of NCHW maps (the official MNIST generator's 8x8 to 7x7 crop).</summary>
public sealed class Crop(int size) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.Slice(2, 0, size).Slice(3, 0, size);
}
