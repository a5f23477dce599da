namespace Engine.Tensors;

public sealed partial class NDArray
{
    /// <summary>
    /// Same elements, new shape (one dimension may be -1 and is inferred). A view when the data is
    /// contiguous, otherwise a contiguous copy (like PyTorch's reshape).
    /// </summary>
    public NDArray Reshape(params int[] shape)
    {
        ThrowIfReleased("reshape");
        var target = InferShape("reshape", shape, Numel, Shape);
        var source = Contiguous();
        return new NDArray(source.Buffer, target, Engine.Tensors.Shape.ContiguousStrides(target), source.Offset);
    }

    /// <summary>Reorders dimensions: result dimension i is this array's dimension perm[i]. A view.</summary>
    public NDArray Permute(params int[] perm)
    {
        ThrowIfReleased("permute");
        if (perm.Length != Rank)
            throw new ArgumentException($"permute: {perm.Length} axes given for a tensor of shape {ShapeString} (rank {Rank})");
        var seen = new bool[Rank];
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            var p = Engine.Tensors.Shape.NormalizeAxis("permute", perm[i], Rank);
            if (seen[p]) throw new ArgumentException($"permute: axis {perm[i]} repeated in [{string.Join(", ", perm)}]");
            seen[p] = true;
            shape[i] = Shape[p];
            strides[i] = Strides[p];
        }
        return new NDArray(Buffer, shape, strides, Offset);
    }

    /// <summary>Swaps two dimensions. A view.</summary>
    public NDArray Transpose(int axis0, int axis1)
    {
        var a = Engine.Tensors.Shape.NormalizeAxis("transpose", axis0, Rank);
        var b = Engine.Tensors.Shape.NormalizeAxis("transpose", axis1, Rank);
        var perm = Enumerable.Range(0, Rank).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>Elements start, start+step, ... (length of them) along <paramref name="axis"/>. A view.</summary>
    public NDArray Slice(int axis, int start, int length, int step = 1)
    {
        ThrowIfReleased("slice");
        var ax = Engine.Tensors.Shape.NormalizeAxis("slice", axis, Rank);
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice: step {step} must be positive");
        if (start < 0 || length < 0 || (length > 0 && start + (long)(length - 1) * step >= Shape[ax]))
            throw new ArgumentOutOfRangeException(nameof(start),
                $"slice: start {start}, length {length}, step {step} does not fit axis {ax} of size {Shape[ax]} (shape {ShapeString})");
        var shape = (int[])Shape.Clone();
        var strides = (int[])Strides.Clone();
        shape[ax] = length;
        strides[ax] = Strides[ax] * step;
        return new NDArray(Buffer, shape, strides, length == 0 ? Offset : Offset + start * Strides[ax]);
    }

    /// <summary>
    /// Broadcasts to <paramref name="shape"/> (NumPy rules: new leading dimensions, size-1 dimensions
    /// repeated) without copying: repeated dimensions get stride 0.
    /// </summary>
    public NDArray Expand(params int[] shape)
    {
        ThrowIfReleased("expand");
        if (shape.Length < Rank)
            throw new ShapeMismatchException($"expand: cannot expand shape {ShapeString} to fewer dimensions {Engine.Tensors.Shape.Format(shape)}");
        var lead = shape.Length - Rank;
        var strides = new int[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            if (i < lead) { strides[i] = 0; continue; }
            var d = Shape[i - lead];
            if (d == shape[i]) strides[i] = Strides[i - lead];
            else if (d == 1) strides[i] = 0;
            else
                throw new ShapeMismatchException(
                    $"expand: shape {ShapeString} cannot be broadcast to {Engine.Tensors.Shape.Format(shape)} (dimension {i - lead} has size {d}, expected {shape[i]} or 1)");
        }
        return new NDArray(Buffer, (int[])shape.Clone(), strides, Offset);
    }

    /// <summary>Resolves a requested shape with at most one -1 against an element count.</summary>
    public static int[] InferShape(string op, int[] requested, int numel, int[] from)
    {
        var shape = (int[])requested.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1 in {Engine.Tensors.Shape.Format(requested)}");
                infer = i;
            }
            else if (shape[i] < 0) throw new ArgumentException($"{op}: invalid dimension {shape[i]} in {Engine.Tensors.Shape.Format(requested)}");
            else known *= shape[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ShapeMismatchException($"{op}: cannot reshape {Engine.Tensors.Shape.Format(from)} ({numel} elements) to {Engine.Tensors.Shape.Format(requested)}");
            shape[infer] = (int)(numel / known);
        }
        else if (known != numel)
            throw new ShapeMismatchException($"{op}: cannot reshape {Engine.Tensors.Shape.Format(from)} ({numel} elements) to {Engine.Tensors.Shape.Format(requested)} ({known} elements)");
        return shape;
    }
}
