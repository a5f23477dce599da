using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public void LayerNormForward(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void LayerNormBackward(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb) => throw new NotImplementedException("cpu: not written yet");

}
