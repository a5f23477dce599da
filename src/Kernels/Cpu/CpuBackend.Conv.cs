using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void Conv2dForward(NDArray x, NDArray w, NDArray y, Conv2dGeometry geometry) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Conv2dGradInput(NDArray gy, NDArray w, NDArray gx, Conv2dGeometry geometry) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Conv2dGradWeight(NDArray x, NDArray gy, NDArray gw, Conv2dGeometry geometry) => throw new NotImplementedException("cpu: not written yet");

}
