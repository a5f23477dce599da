using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    protected override void UnaryCore(UnaryOp op, NDArray x, NDArray y)
    {
        if (y.DType == DType.Float32) Unary<float>(op, x, y);
        else Unary<double>(op, x, y);
    }

    /// <inheritdoc />
    protected override void BinaryCore(BinaryOpKind op, NDArray a, NDArray b, NDArray y)
    {
        if (y.DType == DType.Float32) Binary<float>(op, a, b, y);
        else Binary<double>(op, a, b, y);
    }

    /// <inheritdoc />
    protected override void TernaryCore(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y)
    {
        if (y.DType == DType.Float32) Where<float>(a, b, c, y);
        else Where<double>(a, b, c, y);
    }

    private static void Unary<T>(UnaryOp op, NDArray x, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var launcher = new UnaryLauncher<T>(x, y);
        ElementwiseCatalog.Unary<T, UnaryLauncher<T>>(op, ref launcher);
    }

    private static void Binary<T>(BinaryOpKind op, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var launcher = new BinaryLauncher<T>(a, b, y);
        ElementwiseCatalog.Binary<T, BinaryLauncher<T>>(op, ref launcher);
    }

    private readonly struct UnaryLauncher<T>(NDArray x, NDArray y) : IUnaryLauncher<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Launch<TOp>(TOp op) where TOp : struct, IUnaryOperator<T> =>
            StridedLoop.Run(y.Shape, [y.Strides, x.Strides], [y.Offset, x.Offset], new UnaryRow<T, TOp>(DataOf<T>(x), DataOf<T>(y), op));
    }

    private readonly struct BinaryLauncher<T>(NDArray a, NDArray b, NDArray y) : IBinaryLauncher<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Launch<TOp>(TOp op) where TOp : struct, IBinaryOperator<T> =>
            StridedLoop.Run(y.Shape, [y.Strides, a.Strides, b.Strides], [y.Offset, a.Offset, b.Offset],
                new BinaryRow<T, TOp>(DataOf<T>(a), DataOf<T>(b), DataOf<T>(y), op));
    }

    private static void Where<T>(NDArray c, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T> =>
        StridedLoop.Run(y.Shape, [y.Strides, c.Strides, a.Strides, b.Strides], [y.Offset, c.Offset, a.Offset, b.Offset],
            new WhereRow<T>(DataOf<T>(c), DataOf<T>(a), DataOf<T>(b), DataOf<T>(y)));
}
