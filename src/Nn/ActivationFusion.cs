using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>An activation module that a preceding layer can apply in its own kernel.</summary>
public interface IFusableActivation
{
    /// <summary>The activation as a backend op descriptor (Relu, LeakyRelu with its slope).</summary>
    UnaryOp Op { get; }
}

/// <summary>
/// A layer whose kernel can apply the activation that follows it (Linear, Conv2d): <see cref="Sequential"/>
/// calls <see cref="Forward(Tensor, UnaryOp)"/> instead of the layer and then the activation, so the
/// pre-activation array is never written.
/// </summary>
public interface IActivationFusing
{
    /// <summary>act(layer(x)) as one op; equal to the layer followed by the activation module.</summary>
    Tensor Forward(Tensor x, UnaryOp activation);
}
