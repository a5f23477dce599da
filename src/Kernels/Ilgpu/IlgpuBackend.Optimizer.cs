using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    protected override void AdamUpdateCore(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step)
    {
        lock (_gate)
        {
            var o = new OptimizerOffsets(param.Offset, grad.Offset, expAvg.Offset, expAvgSq.Offset);
            if (param.DType == DType.Float32) Adam<float>(param, grad, expAvg, expAvgSq, o, step);
            else Adam<double>(param, grad, expAvg, expAvgSq, o, step);
        }
    }

    // Coefficients rounded from double as the CPU kernel (and PyTorch) computes them.
    private void Adam<T>(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, OptimizerOffsets o, AdamStep s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernel("adam", typeof(T), typeof(void),
                a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, OptimizerOffsets, T, T, T, T, T, T, T>(
                    OptimizerKernels.Adam))
            (Extent(param.Numel), Spread(param.Numel), ViewOf<T>(param), ViewOf<T>(grad), ViewOf<T>(expAvg), ViewOf<T>(expAvgSq), o,
                T.CreateTruncating(s.Beta1), T.CreateTruncating(s.Beta2), T.CreateTruncating(1 - s.Beta1), T.CreateTruncating(1 - s.Beta2),
                T.CreateTruncating(s.LearningRate / s.BiasCorrection1), T.CreateTruncating(1 / s.BiasCorrection2), T.CreateTruncating(s.Eps));

    /// <inheritdoc />
    protected override void RmsPropUpdateCore(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step)
    {
        lock (_gate)
        {
            var o = new OptimizerOffsets(param.Offset, grad.Offset, 0, squareAvg.Offset);
            if (param.DType == DType.Float32) RmsProp<float>(param, grad, squareAvg, o, step);
            else RmsProp<double>(param, grad, squareAvg, o, step);
        }
    }

    private void RmsProp<T>(NDArray param, NDArray grad, NDArray squareAvg, OptimizerOffsets o, RmsPropStep s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernel("rmsprop", typeof(T), typeof(void),
                a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, OptimizerOffsets, T, T, T, T>(OptimizerKernels.RmsProp))
            (Extent(param.Numel), Spread(param.Numel), ViewOf<T>(param), ViewOf<T>(grad), ViewOf<T>(squareAvg), o,
                T.CreateTruncating(s.Alpha), T.CreateTruncating(1 - s.Alpha), T.CreateTruncating(s.LearningRate), T.CreateTruncating(s.Eps));
}
