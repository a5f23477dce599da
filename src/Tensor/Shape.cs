namespace Engine.Tensors;

/// <summary>Shape arithmetic shared by every layer: element counts, strides, broadcasting.</summary>
public static class Shape
{
    /// <summary>Number of elements of a tensor of this shape (1 for a scalar).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape {Format(shape)}");
            n *= d;
            if (n > int.MaxValue) throw new ArgumentException($"shape {Format(shape)} has more than {int.MaxValue} elements");
        }
        return (int)n;
    }

    /// <summary>Row-major (C order) strides of a contiguous tensor of this shape.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>Formats a shape as "[2, 3]".</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>True when both shapes have the same rank and sizes.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>
    /// NumPy broadcasting of two shapes: align on the right, sizes must match or be 1.
    /// Throws naming <paramref name="op"/> and both shapes when they do not broadcast.
    /// </summary>
    public static int[] Broadcast(string op, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(
                    $"{op}: shapes {Format(a)} and {Format(b)} do not broadcast (dimension {i}: {da} vs {db}; sizes must match or be 1)");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Normalises a possibly negative axis against <paramref name="rank"/>, naming the op when out of range.</summary>
    public static int NormalizeAxis(string op, int axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for a tensor of rank {rank}");
        return a;
    }

    /// <summary>Normalises a list of axes (null means all), sorted and without duplicates.</summary>
    public static int[] NormalizeAxes(string op, int[]? axes, int rank)
    {
        if (axes is null) return Enumerable.Range(0, rank).ToArray();
        var set = new SortedSet<int>();
        foreach (var ax in axes)
            if (!set.Add(NormalizeAxis(op, ax, rank)))
                throw new ArgumentException($"{op}: axis {ax} appears twice in [{string.Join(", ", axes)}]");
        return set.ToArray();
    }
}

/// <summary>Thrown when tensor shapes are incompatible for an operation; the message names the op and the shapes.</summary>
public sealed class ShapeMismatchException(string message) : ArgumentException(message);

/// <summary>Thrown when tensor dtypes are incompatible for an operation; the message names the op and the dtypes.</summary>
public sealed class DTypeMismatchException(string message) : ArgumentException(message);
