using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    protected override void AdamUpdateCore(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step)
    {
        var f64 = Is64(param);
        // Coefficients rounded from double as the CPU kernel (and PyTorch) computes them.
        var args = new KernelArgs().Buffer(HandleOf(param, "adam")).Buffer(HandleOf(grad, "adam")).Buffer(HandleOf(expAvg, "adam"))
            .Buffer(HandleOf(expAvgSq, "adam")).Struct([param.Numel, param.Offset, grad.Offset, expAvg.Offset, expAvgSq.Offset])
            .Scalar(step.Beta1, f64).Scalar(step.Beta2, f64).Scalar(1 - step.Beta1, f64).Scalar(1 - step.Beta2, f64)
            .Scalar(step.LearningRate / step.BiasCorrection1, f64).Scalar(1 / step.BiasCorrection2, f64).Scalar(step.Eps, f64);
        Launch1D(KernelFamily.Optimizer, param.DType, "adam_update", param.Numel, args);
        GC.KeepAlive(param);
        GC.KeepAlive(grad);
        GC.KeepAlive(expAvg);
        GC.KeepAlive(expAvgSq);
    }

    /// <inheritdoc />
    protected override void RmsPropUpdateCore(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step)
    {
        var f64 = Is64(param);
        var args = new KernelArgs().Buffer(HandleOf(param, "rmsprop")).Buffer(HandleOf(grad, "rmsprop")).Buffer(HandleOf(squareAvg, "rmsprop"))
            .Struct([param.Numel, param.Offset, grad.Offset, 0, squareAvg.Offset])
            .Scalar(step.Alpha, f64).Scalar(1 - step.Alpha, f64).Scalar(step.LearningRate, f64).Scalar(step.Eps, f64);
        Launch1D(KernelFamily.Optimizer, param.DType, "rmsprop_update", param.Numel, args);
        GC.KeepAlive(param);
        GC.KeepAlive(grad);
        GC.KeepAlive(squareAvg);
    }
}
