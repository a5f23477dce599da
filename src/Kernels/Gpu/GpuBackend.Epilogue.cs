using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <summary>
    /// The epilogue as two in-place elementwise kernels after the product (each work-item reads and
    /// writes only its own element, so in place is safe): y += bias along <paramref name="biasAxis"/>, then the activation.
    /// </summary>
    private void ApplyEpilogue(NDArray y, Epilogue? epilogue, int biasAxis)
    {
        if (epilogue is null || y.Numel == 0) return;
        if (epilogue.Bias is { } bias)
        {
            var shape = Enumerable.Repeat(1, y.Rank).ToArray();
            shape[biasAxis] = bias.Numel;
            Binary(BinaryOpKind.Add, y, bias.Reshape(shape).Expand(y.Shape), y);
        }
        if (epilogue.Activation is { } act) Unary(act, y, y);
    }
}
