namespace Engine.Tensors.Formats;

/// <summary>Reorders column-major (Fortran order) data into row-major (C order).</summary>
internal static class FortranOrder
{
    /// <summary>The elements of a float[] or double[] stored in Fortran order for <paramref name="shape"/>, in C order.</summary>
    public static Array ToRowMajor(Array data, int[] shape) => data switch
    {
        float[] f => ToRowMajor(f, shape),
        double[] d => ToRowMajor(d, shape),
        _ => throw new ArgumentException($"float[] or double[] expected, found {data.GetType().Name}", nameof(data)),
    };

    private static T[] ToRowMajor<T>(T[] source, int[] shape)
    {
        if (shape.Length < 2 || source.Length == 0) return source;
        // In Fortran order the first axis is the fastest: its stride is 1.
        var strides = new long[shape.Length];
        strides[0] = 1;
        for (var k = 1; k < shape.Length; k++) strides[k] = strides[k - 1] * shape[k - 1];

        var result = new T[source.Length];
        var index = new int[shape.Length];
        long at = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = source[at];
            // Advance the row-major odometer (last axis fastest) and follow it in the source.
            for (var k = shape.Length - 1; k >= 0; k--)
            {
                at += strides[k];
                if (++index[k] < shape[k]) break;
                at -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
        return result;
    }
}
