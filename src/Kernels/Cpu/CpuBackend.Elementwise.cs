using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Unary(UnaryOp op, NDArray x, NDArray y) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Binary(BinaryOpKind op, NDArray a, NDArray b, NDArray y) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Ternary(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y) => throw new NotImplementedException("cpu: not written yet");

}
