using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    private static readonly AsyncLocal<ConvAlgorithm> ConvAlgorithmChoice = new();

    /// <summary>
    /// How conv2d's forward pass, input gradient and weight gradient run on the CPU (default
    /// <see cref="Kernels.Cpu.ConvAlgorithm.Auto"/>), for benchmarks and for tests that compare the
    /// two. It holds for the calling thread and the async flow it starts, so a comparison on one
    /// thread cannot change what a run on another computes.
    /// </summary>
    public static ConvAlgorithm ConvAlgorithm
    {
        get => ConvAlgorithmChoice.Value;
        set => ConvAlgorithmChoice.Value = value;
    }

    /// <summary>Sets <see cref="ConvAlgorithm"/> until the returned scope is disposed, which restores the previous choice.</summary>
    public static ConvAlgorithmScope UseConvAlgorithm(ConvAlgorithm algorithm)
    {
        var scope = new ConvAlgorithmScope(ConvAlgorithm);
        ConvAlgorithm = algorithm;
        return scope;
    }

    /// <summary>Restores the conv algorithm chosen before <see cref="UseConvAlgorithm"/>.</summary>
    public readonly struct ConvAlgorithmScope : IDisposable
    {
        private readonly ConvAlgorithm _previous;

        internal ConvAlgorithmScope(ConvAlgorithm previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => ConvAlgorithm = _previous;
    }

    private protected override void Conv2dForwardCore(ConvDims d, NDArray x, NDArray w, NDArray y, Epilogue? epilogue)
    {
        if (y.DType == DType.Float64) ConvForward<double>(d, x, w, y, epilogue);
        else ConvForward<float>(d, x, w, y, epilogue);
    }

    private protected override void Conv2dGradInputCore(ConvDims d, NDArray gy, NDArray w, NDArray gx)
    {
        if (gx.DType == DType.Float64) ConvGradInput<double>(d, gy, w, gx);
        else ConvGradInput<float>(d, gy, w, gx);
    }

    private protected override void Conv2dGradWeightCore(ConvDims d, NDArray x, NDArray gy, NDArray gw)
    {
        if (gw.DType == DType.Float64) ConvGradWeight<double>(d, x, gy, gw);
        else ConvGradWeight<float>(d, x, gy, gw);
    }

    private static unsafe void ConvForward<T>(ConvDims d, NDArray x, NDArray w, NDArray y, Epilogue? epilogue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> xs = new(x), ws = new(w);
        var bias = epilogue?.Bias;
        // The conv GEMM's rows are output channels: the bias is per row.
        fixed (T* pBias = bias is null ? null : DataOf<T>(bias))
            Conv2dCpu<T>.Forward(d, xs.Data, xs.Offset, ws.Data, ws.Offset, DataOf<T>(y), y.Offset,
                new GemmEpilogue<T>(bias is null ? null : pBias + bias.Offset, null, epilogue?.Activation));
    }

    private static void ConvGradInput<T>(ConvDims d, NDArray gy, NDArray w, NDArray gx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> gys = new(gy), ws = new(w);
        Conv2dCpu<T>.GradInput(d, gys.Data, gys.Offset, ws.Data, ws.Offset, DataOf<T>(gx), gx.Offset);
    }

    private static void ConvGradWeight<T>(ConvDims d, NDArray x, NDArray gy, NDArray gw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using ConvOperand<T> xs = new(x), gys = new(gy);
        Conv2dCpu<T>.GradWeight(d, xs.Data, xs.Offset, gys.Data, gys.Offset, DataOf<T>(gw), gw.Offset);
    }
}
