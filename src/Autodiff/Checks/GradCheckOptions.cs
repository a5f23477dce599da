namespace Engine.Autodiff;

/// <summary>
/// Settings of a gradient check. Defaults are PyTorch's (eps 1e-6, atol 1e-5, rtol 1e-3): an
/// analytic value a passes against the numeric n when |a - n| &lt;= atol + rtol |n|.
/// </summary>
public sealed record GradCheckOptions
{
    /// <summary>Step of the central difference.</summary>
    public double Eps { get; init; } = 1e-6;

    /// <summary>Absolute tolerance.</summary>
    public double Atol { get; init; } = 1e-5;

    /// <summary>Relative tolerance.</summary>
    public double Rtol { get; init; } = 1e-3;

    /// <summary>
    /// Compare v^T J u for random u, v instead of the full Jacobian: two evaluations and one backward
    /// per input, for inputs too large to check element by element.
    /// </summary>
    public bool FastMode { get; init; }

    /// <summary>
    /// Largest difference allowed between two backward passes with the same grad-output (PyTorch's
    /// nondet_tol); 0: they must agree bit for bit.
    /// </summary>
    public double NondetTol { get; init; }

    /// <summary>Seed of the random u, v (fast mode) and grad-outputs (GradGradCheck).</summary>
    public ulong Seed { get; init; } = 1234;

    /// <summary>Name used in failure messages; defaults to the op that produced the first output.</summary>
    public string? Name { get; init; }
}

/// <summary>The outcome of a gradient check, with the worst element when it failed.</summary>
public sealed record GradCheckResult(bool Passed, string Message, int InputIndex = -1, int OutputIndex = -1,
    int[]? InputElement = null, int[]? OutputElement = null, double Analytic = 0, double Numeric = 0)
{
    /// <summary>Throws <see cref="GradCheckException"/> with <see cref="Message"/> when the check failed.</summary>
    public GradCheckResult ThrowIfFailed() => Passed ? this : throw new GradCheckException(Message);
}

/// <summary>Thrown by <see cref="GradCheckResult.ThrowIfFailed"/>.</summary>
public sealed class GradCheckException(string message) : Exception(message);
