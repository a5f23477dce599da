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
        T alpha = T.CreateTruncating(op.Alpha), beta = T.CreateTruncating(op.Beta);
        switch (op.Kind)
        {
            case UnaryOpKind.Neg: Launch<T>.Unary(x, y, new NegOperator<T>()); break;
            case UnaryOpKind.Exp: Launch<T>.Unary(x, y, new ExpOperator<T>()); break;
            case UnaryOpKind.Log: Launch<T>.Unary(x, y, new LogOperator<T>()); break;
            case UnaryOpKind.Sqrt: Launch<T>.Unary(x, y, new SqrtOperator<T>()); break;
            case UnaryOpKind.Abs: Launch<T>.Unary(x, y, new AbsOperator<T>()); break;
            case UnaryOpKind.Sign: Launch<T>.Unary(x, y, new SignOperator<T>()); break;
            case UnaryOpKind.Tanh: Launch<T>.Unary(x, y, new TanhOperator<T>()); break;
            case UnaryOpKind.Sigmoid: Launch<T>.Unary(x, y, new SigmoidOperator<T>()); break;
            case UnaryOpKind.Relu: Launch<T>.Unary(x, y, new ReluOperator<T>()); break;
            case UnaryOpKind.Step: Launch<T>.Unary(x, y, new StepOperator<T>()); break;
            case UnaryOpKind.LeakyRelu: Launch<T>.Unary(x, y, new LeakyReluOperator<T>(alpha)); break;
            case UnaryOpKind.LeakyReluSlope: Launch<T>.Unary(x, y, new LeakyReluSlopeOperator<T>(alpha)); break;
            case UnaryOpKind.Softplus: Launch<T>.Unary(x, y, new SoftplusOperator<T>()); break;
            case UnaryOpKind.Elu: Launch<T>.Unary(x, y, new EluOperator<T>(alpha)); break;
            case UnaryOpKind.Clamp: Launch<T>.Unary(x, y, new ClampOperator<T>(alpha, beta)); break;
            case UnaryOpKind.InRange: Launch<T>.Unary(x, y, new InRangeOperator<T>(alpha, beta)); break;
            case UnaryOpKind.PowScalar: Launch<T>.Unary(x, y, new PowScalarOperator<T>(alpha)); break;
            case UnaryOpKind.Square: Launch<T>.Unary(x, y, new SquareOperator<T>()); break;
            case UnaryOpKind.Reciprocal: Launch<T>.Unary(x, y, new ReciprocalOperator<T>()); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "cpu: unknown unary op");
        }
    }

    private static void Binary<T>(BinaryOpKind op, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOpKind.Add: Launch<T>.Binary(a, b, y, new AddOperator<T>()); break;
            case BinaryOpKind.Sub: Launch<T>.Binary(a, b, y, new SubOperator<T>()); break;
            case BinaryOpKind.Mul: Launch<T>.Binary(a, b, y, new MulOperator<T>()); break;
            case BinaryOpKind.Div: Launch<T>.Binary(a, b, y, new DivOperator<T>()); break;
            case BinaryOpKind.Pow: Launch<T>.Binary(a, b, y, new PowOperator<T>()); break;
            case BinaryOpKind.Maximum: Launch<T>.Binary(a, b, y, new MaximumOperator<T>()); break;
            case BinaryOpKind.Minimum: Launch<T>.Binary(a, b, y, new MinimumOperator<T>()); break;
            case BinaryOpKind.Greater: Launch<T>.Binary(a, b, y, new GreaterOperator<T>()); break;
            case BinaryOpKind.GreaterEqual: Launch<T>.Binary(a, b, y, new GreaterEqualOperator<T>()); break;
            case BinaryOpKind.Less: Launch<T>.Binary(a, b, y, new LessOperator<T>()); break;
            case BinaryOpKind.Equal: Launch<T>.Binary(a, b, y, new EqualOperator<T>()); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "cpu: unknown binary op");
        }
    }

    // A generic class fixes T so that C# can infer the operator type at each call above.
    private static class Launch<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Unary<TOp>(NDArray x, NDArray y, TOp op) where TOp : struct, IUnaryOperator<T> =>
            StridedLoop.Run(y.Shape, [y.Strides, x.Strides], [y.Offset, x.Offset], new UnaryRow<T, TOp>(DataOf<T>(x), DataOf<T>(y), op));

        public static void Binary<TOp>(NDArray a, NDArray b, NDArray y, TOp op) where TOp : struct, IBinaryOperator<T> =>
            StridedLoop.Run(y.Shape, [y.Strides, a.Strides, b.Strides], [y.Offset, a.Offset, b.Offset],
                new BinaryRow<T, TOp>(DataOf<T>(a), DataOf<T>(b), DataOf<T>(y), op));
    }

    private static void Where<T>(NDArray c, NDArray a, NDArray b, NDArray y) where T : unmanaged, IFloatingPointIeee754<T> =>
        StridedLoop.Run(y.Shape, [y.Strides, c.Strides, a.Strides, b.Strides], [y.Offset, c.Offset, a.Offset, b.Offset],
            new WhereRow<T>(DataOf<T>(c), DataOf<T>(a), DataOf<T>(b), DataOf<T>(y)));
}
