namespace Engine.Tensors;

/// <summary>
/// One process's rows of a global batch in data-parallel training: rows
/// [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Count"/>) of <see cref="Total"/>.
/// Rank r of N holds rows [floor(r T / N), floor((r + 1) T / N)), so the shares cover the batch once.
/// </summary>
/// <param name="Offset">Global index of the first row held here.</param>
/// <param name="Count">Rows held here.</param>
/// <param name="Total">Rows of the global batch.</param>
public readonly record struct BatchShare(int Offset, int Count, int Total)
{
    /// <summary>Rank <paramref name="rank"/>'s share of a global batch of <paramref name="total"/> rows split over <paramref name="ranks"/>.</summary>
    public static BatchShare Of(int rank, int ranks, int total)
    {
        if (ranks < 1 || rank < 0 || rank >= ranks)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"batch share: rank {rank} is not one of {ranks} ranks");
        if (total < ranks)
            throw new ArgumentOutOfRangeException(nameof(total), total, $"batch share: a global batch of {total} cannot give each of {ranks} ranks a sample; use a batch of at least {ranks}");
        var start = (int)((long)rank * total / ranks);
        var end = (int)((long)(rank + 1) * total / ranks);
        return new BatchShare(start, end - start, total);
    }

    /// <summary>The share's weight in a mean over the global batch: Count / Total.</summary>
    public double Weight => (double)Count / Total;
}
