using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void MatMul(NDArray a, NDArray b, NDArray c) => throw new NotImplementedException("cpu: not written yet");

}
