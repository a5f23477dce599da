using System.Numerics;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Kernels;

/// <summary>Runs a one-input operator on a backend's loop (the CPU's SIMD rows or an ILGPU kernel).</summary>
internal interface IUnaryLauncher<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    void Launch<TOp>(TOp op) where TOp : struct, IUnaryOperator<T>;
}

/// <summary>Runs a two-input operator on a backend's loop.</summary>
internal interface IBinaryLauncher<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    void Launch<TOp>(TOp op) where TOp : struct, IBinaryOperator<T>;
}

/// <summary>
/// The one place an op kind becomes its operator struct. Each operator (UnaryOperators.cs,
/// MaskOperators.cs, BinaryOperators.cs) holds the op's maths once, as a scalar <c>Invoke</c> that
/// the CPU's strided rows and the ILGPU kernels both call, beside the SIMD span path only the CPU
/// uses; every backend reaches it through these switches, so no backend restates an op.
/// </summary>
internal static class ElementwiseCatalog
{
    public static void Unary<T, TLauncher>(UnaryOp op, ref TLauncher l)
        where T : unmanaged, IFloatingPointIeee754<T> where TLauncher : struct, IUnaryLauncher<T>
    {
        T alpha = T.CreateTruncating(op.Alpha), beta = T.CreateTruncating(op.Beta);
        switch (op.Kind)
        {
            case UnaryOpKind.Neg: l.Launch(new NegOperator<T>()); break;
            case UnaryOpKind.Exp: l.Launch(new ExpOperator<T>()); break;
            case UnaryOpKind.Log: l.Launch(new LogOperator<T>()); break;
            case UnaryOpKind.Sqrt: l.Launch(new SqrtOperator<T>()); break;
            case UnaryOpKind.Abs: l.Launch(new AbsOperator<T>()); break;
            case UnaryOpKind.Sign: l.Launch(new SignOperator<T>()); break;
            case UnaryOpKind.Tanh: l.Launch(new TanhOperator<T>()); break;
            case UnaryOpKind.Sigmoid: l.Launch(new SigmoidOperator<T>()); break;
            case UnaryOpKind.Relu: l.Launch(new ReluOperator<T>()); break;
            case UnaryOpKind.Step: l.Launch(new StepOperator<T>()); break;
            case UnaryOpKind.LeakyRelu: l.Launch(new LeakyReluOperator<T>(alpha)); break;
            case UnaryOpKind.LeakyReluSlope: l.Launch(new LeakyReluSlopeOperator<T>(alpha)); break;
            case UnaryOpKind.Softplus: l.Launch(new SoftplusOperator<T>()); break;
            case UnaryOpKind.Elu: l.Launch(new EluOperator<T>(alpha)); break;
            case UnaryOpKind.Clamp: l.Launch(new ClampOperator<T>(alpha, beta)); break;
            case UnaryOpKind.InRange: l.Launch(new InRangeOperator<T>(alpha, beta)); break;
            case UnaryOpKind.PowScalar: l.Launch(new PowScalarOperator<T>(alpha)); break;
            case UnaryOpKind.Square: l.Launch(new SquareOperator<T>()); break;
            case UnaryOpKind.Reciprocal: l.Launch(new ReciprocalOperator<T>()); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "unknown unary op");
        }
    }

    public static void Binary<T, TLauncher>(BinaryOpKind op, ref TLauncher l)
        where T : unmanaged, IFloatingPointIeee754<T> where TLauncher : struct, IBinaryLauncher<T>
    {
        switch (op)
        {
            case BinaryOpKind.Add: l.Launch(new AddOperator<T>()); break;
            case BinaryOpKind.Sub: l.Launch(new SubOperator<T>()); break;
            case BinaryOpKind.Mul: l.Launch(new MulOperator<T>()); break;
            case BinaryOpKind.Div: l.Launch(new DivOperator<T>()); break;
            case BinaryOpKind.Pow: l.Launch(new PowOperator<T>()); break;
            case BinaryOpKind.Maximum: l.Launch(new MaximumOperator<T>()); break;
            case BinaryOpKind.Minimum: l.Launch(new MinimumOperator<T>()); break;
            case BinaryOpKind.Greater: l.Launch(new GreaterOperator<T>()); break;
            case BinaryOpKind.GreaterEqual: l.Launch(new GreaterEqualOperator<T>()); break;
            case BinaryOpKind.Less: l.Launch(new LessOperator<T>()); break;
            case BinaryOpKind.Equal: l.Launch(new EqualOperator<T>()); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "unknown binary op");
        }
    }
}
