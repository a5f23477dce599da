using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>A 2-D critic's values over a square grid, for value-surface plots.</summary>
public static class CriticGrid
{
    /// <summary>
    /// D over a <paramref name="size"/> x <paramref name="size"/> grid on [-extent, extent]^2 (row i at y_i, column j at x_j,
    /// row 0 at y = -extent), evaluated in one batch without a graph.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 2.</exception>
    public static double[,] Evaluate(Module critic, int size, double extent, DType dtype, IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var points = new double[2 * size * size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                points[2 * (i * size + j)] = -extent + 2 * extent * j / (size - 1);
                points[2 * (i * size + j) + 1] = -extent + 2 * extent * i / (size - 1);
            }
        double[] values;
        using (BufferScope.Begin())
        using (GradMode.NoGrad())
        {
            var x = Tensor.FromArray(dtype == DType.Float64 ? points : points.Select(v => (float)v).ToArray(), [size * size, 2], backend: backend);
            values = critic.Forward(x).ToDoubleArray();
        }
        var grid = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++) grid[i, j] = values[i * size + j];
        return grid;
    }
}
