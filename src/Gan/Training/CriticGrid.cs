using Engine.Autodiff;
using Engine.Nn;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>A 2-D critic's values over a square grid, for value-surface plots.</summary>
public static class CriticGrid
{
    /// <summary>Grid points evaluated per batch.</summary>
    public const int Chunk = 4096;

    /// <summary>
    /// D over a <paramref name="size"/> x <paramref name="size"/> grid on [-extent, extent]^2 (row i at y_i, column j at x_j,
    /// row 0 at y = -extent), evaluated without a graph in batches of <see cref="Chunk"/> points, each in a
    /// buffer scope of its own (a 128 x 128 grid in one batch would hold 32 MiB per activation of a width-512 critic).
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
        var values = new double[size * size];
        using (GradMode.NoGrad())
        {
            for (var start = 0; start < values.Length; start += Chunk)
            {
                using var scope = BufferScope.Begin();
                var count = Math.Min(Chunk, values.Length - start);
                var part = points.AsSpan(2 * start, 2 * count);
                var x = Tensor.FromArray(dtype == DType.Float64 ? part.ToArray() : part.ToArray().Select(v => (float)v).ToArray(), [count, 2], backend: backend);
                critic.Forward(x).ToDoubleArray().CopyTo(values, start);
            }
        }
        var grid = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++) grid[i, j] = values[i * size + j];
        return grid;
    }
}
