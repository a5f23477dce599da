namespace Engine.Tensors;

/// <summary>
/// What a GEMM or convolution does to each sum before it stores it (PyTorch's addmm and a fused
/// activation): y = act(sum + bias). The bias is added after the whole sum, as a separate add
/// would, so a fused result equals the unfused one bit for bit.
/// </summary>
/// <param name="Bias">
/// Contiguous [N] for <see cref="IBackend.MatMul"/> (one value per output column, broadcast over rows
/// and batches) or [O] for <see cref="IBackend.Conv2dForward"/> (one value per output channel); null for none.
/// </param>
/// <param name="Activation">Relu or LeakyRelu (its slope in Alpha), applied after the bias; null for none.</param>
public sealed record Epilogue(NDArray? Bias = null, UnaryOp? Activation = null)
{
    /// <summary>Whether <paramref name="op"/> can be fused: the activations that follow the engine's layers.</summary>
    public static bool Fuses(UnaryOp op) => op.Kind is UnaryOpKind.Relu or UnaryOpKind.LeakyRelu;

    /// <summary>Throws, naming the op and shapes, unless the bias has <paramref name="length"/> elements and the activation fuses.</summary>
    public void Check(string op, NDArray output, int length)
    {
        if (Bias is { } b && (b.Rank != 1 || b.Shape[0] != length || !b.IsContiguous || b.DType != output.DType || !ReferenceEquals(b.Backend, output.Backend)))
            throw new ShapeMismatchException(
                $"{op}: epilogue bias {b.DType.Name()} {b.ShapeString} does not fit output {output.DType.Name()} {output.ShapeString} (expected a contiguous [{length}] on the same backend and dtype)");
        if (Activation is { } act && !Fuses(act))
            throw new ArgumentException($"{op}: activation {act.Kind} cannot be fused into the epilogue (Relu or LeakyRelu)");
    }
}
