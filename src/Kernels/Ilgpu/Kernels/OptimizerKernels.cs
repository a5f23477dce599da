using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>Offsets of the operands of a fused optimizer update (all contiguous).</summary>
internal readonly record struct OptimizerOffsets(int Param, int Grad, int First, int Second);

/// <summary>Adam and RMSProp, one thread per element, rounding as the CPU kernel (CpuBackend.Optimizer.cs) does.</summary>
internal static class OptimizerKernels
{
    // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= (lr / bc1) m / (sqrt(v / bc2) + eps)
    public static void Adam<T>(Index1D lane, Lanes lanes, ArrayView<T> p, ArrayView<T> g, ArrayView<T> m, ArrayView<T> v, OptimizerOffsets o,
        T b1, T b2, T c1, T c2, T stepSize, T invBc2, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
        {
            var gi = g[o.Grad + i];
            var mi = b1 * m[o.First + i] + c1 * gi;
            var vi = b2 * v[o.Second + i] + c2 * (gi * gi);
            m[o.First + i] = mi;
            v[o.Second + i] = vi;
            p[o.Param + i] -= stepSize * mi / (T.Sqrt(vi * invBc2) + eps);
        }
    }

    // v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps)
    public static void RmsProp<T>(Index1D lane, Lanes lanes, ArrayView<T> p, ArrayView<T> g, ArrayView<T> v, OptimizerOffsets o,
        T alpha, T c, T lr, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
        {
            var gi = g[o.Grad + i];
            var vi = alpha * v[o.Second + i] + c * (gi * gi);
            v[o.Second + i] = vi;
            p[o.Param + i] -= lr * gi / (T.Sqrt(vi) + eps);
        }
    }
}
