using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>Layer norm over the trailing <c>normalizedShape</c> dims with affine weight (ones) and bias (zeros), as PyTorch's LayerNorm.</summary>
public sealed class LayerNorm : Module
{
    private readonly double _eps;

    /// <summary>Creates the layer.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, DType dtype = DType.Float32, IBackend? backend = null)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d < 1))
            throw new ArgumentException($"LayerNorm: invalid normalized shape {Shape.Format(normalizedShape)}");
        _eps = eps;
        NormalizedShape = normalizedShape;
        Weight = RegisterParameter("weight", Tensor.Ones(normalizedShape, dtype, backend: backend));
        Bias = RegisterParameter("bias", Tensor.Zeros(normalizedShape, dtype, backend: backend));
    }

    /// <summary>The normalised trailing shape.</summary>
    public int[] NormalizedShape { get; }

    /// <summary>The scale.</summary>
    public Tensor Weight { get; }

    /// <summary>The shift.</summary>
    public Tensor Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => x.LayerNorm(NormalizedShape.Length, Weight, Bias, _eps);
}
