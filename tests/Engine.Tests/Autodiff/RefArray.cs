namespace Engine.Tests.Autodiff;

/// <summary>
/// A deliberately plain float64 n-d array used as the reference the engine is checked against:
/// nested index loops, no strides, no SIMD, nothing shared with the engine's code.
/// </summary>
public sealed class RefArray(double[] data, int[] shape)
{
    public double[] Data { get; } = data;
    public int[] Shape { get; } = shape;
    public int Numel => Data.Length;

    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }

    public static int Ravel(int[] idx, int[] shape)
    {
        var flat = 0;
        for (var d = 0; d < shape.Length; d++) flat = flat * shape[d] + idx[d];
        return flat;
    }

    public static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    public double At(int[] idx) => Data[Ravel(idx, Shape)];

    /// <summary>Reads with NumPy broadcasting: idx is an index into a larger result shape.</summary>
    public double AtBroadcast(int[] idx)
    {
        var lead = idx.Length - Shape.Length;
        var own = new int[Shape.Length];
        for (var d = 0; d < Shape.Length; d++) own[d] = Shape[d] == 1 ? 0 : idx[d + lead];
        return At(own);
    }

    public RefArray Map(Func<double, double> f) => new(Data.Select(f).ToArray(), Shape);

    public static int[] BroadcastShape(params int[][] shapes)
    {
        var rank = shapes.Max(s => s.Length);
        var result = new int[rank];
        for (var d = 0; d < rank; d++)
            result[d] = shapes.Max(s => d - (rank - s.Length) >= 0 ? s[d - (rank - s.Length)] : 1);
        return result;
    }

    public static RefArray Zip(RefArray a, RefArray b, Func<double, double, double> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape);
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            var idx = Unravel(i, shape);
            data[i] = f(a.AtBroadcast(idx), b.AtBroadcast(idx));
        }
        return new RefArray(data, shape);
    }

    public static RefArray Zip3(RefArray a, RefArray b, RefArray c, Func<double, double, double, double> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape, c.Shape);
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            var idx = Unravel(i, shape);
            data[i] = f(a.AtBroadcast(idx), b.AtBroadcast(idx), c.AtBroadcast(idx));
        }
        return new RefArray(data, shape);
    }

    /// <summary>Reduces over axes (null: all) with keepdim semantics controlled by the caller.</summary>
    public RefArray Reduce(int[]? axes, bool keepDim, Func<IEnumerable<double>, double> f)
    {
        var ax = axes ?? Enumerable.Range(0, Shape.Length).ToArray();
        var kept = Shape.Select((s, d) => ax.Contains(d) ? 1 : s).ToArray();
        var groups = new List<double>[Count(kept)];
        for (var g = 0; g < groups.Length; g++) groups[g] = [];
        for (var i = 0; i < Numel; i++)
        {
            var idx = Unravel(i, Shape);
            var k = idx.Select((v, d) => ax.Contains(d) ? 0 : v).ToArray();
            groups[Ravel(k, kept)].Add(Data[i]);
        }
        var shape = keepDim ? kept : Shape.Where((_, d) => !ax.Contains(d)).ToArray();
        return new RefArray(groups.Select(f).ToArray(), shape);
    }

    public RefArray Permute(int[] perm)
    {
        var shape = perm.Select(p => Shape[p]).ToArray();
        var data = new double[Numel];
        for (var i = 0; i < Numel; i++)
        {
            var idx = Unravel(i, shape);
            var src = new int[Shape.Length];
            for (var d = 0; d < perm.Length; d++) src[perm[d]] = idx[d];
            data[i] = At(src);
        }
        return new RefArray(data, shape);
    }

    public RefArray Slice(int axis, int start, int length, int step)
    {
        var shape = (int[])Shape.Clone();
        shape[axis] = length;
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            var idx = Unravel(i, shape);
            idx[axis] = start + idx[axis] * step;
            data[i] = At(idx);
        }
        return new RefArray(data, shape);
    }

    public static RefArray Concat(RefArray[] parts, int axis)
    {
        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            var idx = Unravel(i, shape);
            var p = 0;
            while (idx[axis] >= parts[p].Shape[axis]) { idx[axis] -= parts[p].Shape[axis]; p++; }
            data[i] = parts[p].At(idx);
        }
        return new RefArray(data, shape);
    }

    public RefArray Expand(int[] shape)
    {
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = AtBroadcast(Unravel(i, shape));
        return new RefArray(data, shape);
    }

    /// <summary>Batched matmul with broadcast batch dimensions, by the triple loop.</summary>
    public static RefArray MatMul(RefArray a, RefArray b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batch = BroadcastShape(a.Shape[..^2], b.Shape[..^2]);
        var shape = batch.Concat([m, n]).ToArray();
        var data = new double[Count(shape)];
        for (var i = 0; i < data.Length; i++)
        {
            var idx = Unravel(i, shape);
            var s = 0.0;
            for (var t = 0; t < k; t++)
            {
                var ai = idx[..^2].Concat([idx[^2], t]).ToArray();
                var bi = idx[..^2].Concat([t, idx[^1]]).ToArray();
                s += a.AtBroadcast(ai) * b.AtBroadcast(bi);
            }
            data[i] = s;
        }
        return new RefArray(data, shape);
    }
}
