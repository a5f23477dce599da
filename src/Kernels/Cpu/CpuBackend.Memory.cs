using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public IDeviceBuffer Allocate(DType dtype, int length) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public IDeviceBuffer Upload(Array host) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Download(NDArray source, Array host) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Copy(NDArray source, NDArray destination) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void Fill(NDArray destination, double value) => throw new NotImplementedException("cpu: not written yet");

    /// <inheritdoc />
    public void FillRandom(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter) => throw new NotImplementedException("cpu: not written yet");

}
