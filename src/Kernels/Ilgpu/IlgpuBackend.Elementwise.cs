using System.Numerics;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    protected override void UnaryCore(UnaryOp op, NDArray x, NDArray y)
    {
        lock (_gate)
        {
            var g = Geometry(StridedIndex.Encode(y.Shape, (y.Strides, y.Offset), (x.Strides, x.Offset)));
            if (y.DType == DType.Float32)
            {
                var l = new UnaryLauncher<float>(this, x, y, g);
                ElementwiseCatalog.Unary<float, UnaryLauncher<float>>(op, ref l);
            }
            else
            {
                var l = new UnaryLauncher<double>(this, x, y, g);
                ElementwiseCatalog.Unary<double, UnaryLauncher<double>>(op, ref l);
            }
        }
    }

    /// <inheritdoc />
    protected override void BinaryCore(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        lock (_gate)
        {
            var g = Geometry(StridedIndex.Encode(y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset)));
            if (y.DType == DType.Float32)
            {
                var l = new BinaryLauncher<float>(this, a, b, y, g);
                ElementwiseCatalog.Binary<float, BinaryLauncher<float>>(op, ref l);
            }
            else
            {
                var l = new BinaryLauncher<double>(this, a, b, y, g);
                ElementwiseCatalog.Binary<double, BinaryLauncher<double>>(op, ref l);
            }
        }
    }

    /// <inheritdoc />
    protected override void TernaryCore(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        lock (_gate)
        {
            var g = Geometry(StridedIndex.Encode(y.Shape, (y.Strides, y.Offset), (a.Strides, a.Offset), (b.Strides, b.Offset), (c.Strides, c.Offset)));
            if (y.DType == DType.Float32) Where<float>(a, b, c, y, g);
            else Where<double>(a, b, c, y, g);
        }
    }

    private void Where<T>(NDArray cond, NDArray a, NDArray b, NDArray y, ArrayView<int> g) where T : unmanaged, IFloatingPointIeee754<T> =>
        Kernel("where", typeof(T), typeof(void),
                acc => acc.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>>(ElementwiseKernels.Where))
            (Extent(y.Numel), Spread(y.Numel), ViewOf<T>(cond), ViewOf<T>(a), ViewOf<T>(b), ViewOf<T>(y), g);

    private readonly struct UnaryLauncher<T>(IlgpuBackend backend, NDArray x, NDArray y, ArrayView<int> g) : IUnaryLauncher<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Launch<TOp>(TOp op) where TOp : struct, IUnaryOperator<T> =>
            backend.Kernel("unary", typeof(T), typeof(TOp),
                    a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<int>, TOp>(ElementwiseKernels.Unary))
                (backend.Extent(y.Numel), backend.Spread(y.Numel), ViewOf<T>(x), ViewOf<T>(y), g, op);
    }

    private readonly struct BinaryLauncher<T>(IlgpuBackend backend, NDArray a, NDArray b, NDArray y, ArrayView<int> g) : IBinaryLauncher<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Launch<TOp>(TOp op) where TOp : struct, IBinaryOperator<T> =>
            backend.Kernel("binary", typeof(T), typeof(TOp),
                    acc => acc.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, TOp>(ElementwiseKernels.Binary))
                (backend.Extent(y.Numel), backend.Spread(y.Numel), ViewOf<T>(a), ViewOf<T>(b), ViewOf<T>(y), g, op);
    }
}
