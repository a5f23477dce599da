namespace Engine.Tensors;

/// <summary>Elementwise one-input operations a backend implements. Each row's math is in its doc.</summary>
public enum UnaryOpKind
{
    /// <summary>-x</summary>
    Neg,
    /// <summary>e^x</summary>
    Exp,
    /// <summary>ln x</summary>
    Log,
    /// <summary>sqrt x</summary>
    Sqrt,
    /// <summary>|x|</summary>
    Abs,
    /// <summary>sign(x) in {-1, 0, 1}</summary>
    Sign,
    /// <summary>tanh x</summary>
    Tanh,
    /// <summary>1 / (1 + e^-x)</summary>
    Sigmoid,
    /// <summary>max(x, 0)</summary>
    Relu,
    /// <summary>x &gt; 0 ? 1 : 0 (the relu mask)</summary>
    Step,
    /// <summary>x &gt; 0 ? x : alpha * x</summary>
    LeakyRelu,
    /// <summary>x &gt; 0 ? 1 : alpha (the leaky relu derivative)</summary>
    LeakyReluSlope,
    /// <summary>ln(1 + e^x), computed stably</summary>
    Softplus,
    /// <summary>x &gt; 0 ? x : alpha * (e^x - 1)</summary>
    Elu,
    /// <summary>min(max(x, alpha), beta)</summary>
    Clamp,
    /// <summary>alpha &lt;= x &lt;= beta ? 1 : 0 (the clamp mask)</summary>
    InRange,
    /// <summary>x^alpha</summary>
    PowScalar,
    /// <summary>x * x</summary>
    Square,
    /// <summary>1 / x</summary>
    Reciprocal,
}

/// <summary>A unary op with its parameters (alpha, beta as documented on <see cref="UnaryOpKind"/>).</summary>
public readonly record struct UnaryOp(UnaryOpKind Kind, double Alpha = 0, double Beta = 0);

/// <summary>Elementwise two-input operations; comparisons return 1 or 0 in the input dtype.</summary>
public enum BinaryOpKind
{
    /// <summary>a + b</summary>
    Add,
    /// <summary>a - b</summary>
    Sub,
    /// <summary>a * b</summary>
    Mul,
    /// <summary>a / b</summary>
    Div,
    /// <summary>a ^ b</summary>
    Pow,
    /// <summary>max(a, b)</summary>
    Maximum,
    /// <summary>min(a, b)</summary>
    Minimum,
    /// <summary>a &gt; b ? 1 : 0</summary>
    Greater,
    /// <summary>a &gt;= b ? 1 : 0</summary>
    GreaterEqual,
    /// <summary>a &lt; b ? 1 : 0</summary>
    Less,
    /// <summary>a == b ? 1 : 0</summary>
    Equal,
}

/// <summary>Elementwise three-input operations.</summary>
public enum TernaryOpKind
{
    /// <summary>cond != 0 ? a : b</summary>
    Where,
}

/// <summary>Reductions over chosen axes.</summary>
public enum ReduceOpKind
{
    /// <summary>Sum of the elements.</summary>
    Sum,
    /// <summary>Largest element.</summary>
    Max,
}

/// <summary>Distributions a backend can fill a tensor from (see <see cref="CounterRng"/>).</summary>
public enum RandomDistribution
{
    /// <summary>Uniform on [p0, p1).</summary>
    Uniform,
    /// <summary>Normal with mean p0 and standard deviation p1.</summary>
    Normal,
}
