using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Reduce(ReduceOpKind op, NDArray x, int[] axes, NDArray y) => throw new NotImplementedException("cpu: not written yet");

}
