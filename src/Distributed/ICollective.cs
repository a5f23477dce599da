namespace Engine.Distributed;

/// <summary>
/// The few collective operations data-parallel training needs, over a fixed group of processes
/// (ranks 0 .. <see cref="Size"/> - 1). Every rank must call the same operations in the same order
/// with the same lengths; a rank that stops calling them leaves the others waiting, which is why a
/// failing rank ends the whole job with <see cref="Abort"/>.
/// </summary>
public interface ICollective : IDisposable
{
    /// <summary>What carries the data ("single process", "Open MPI 4.1.4", "NCCL 2.21.5 over Open MPI ...").</summary>
    string Name { get; }

    /// <summary>This process's index in the group.</summary>
    int Rank { get; }

    /// <summary>Number of processes in the group.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank by the element-wise sum over all ranks (the same bits on every rank).</summary>
    void AllReduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> on every rank by the element-wise sum over all ranks (the same bits on every rank).</summary>
    void AllReduceSum(Span<double> values);

    /// <summary>Copies <paramref name="values"/> of rank <paramref name="root"/> into every other rank's <paramref name="values"/> (same length on every rank).</summary>
    void Broadcast(Span<byte> values, int root);

    /// <summary>Returns on each rank once every rank has entered it.</summary>
    void Barrier();

    /// <summary>Ends every rank of the job with <paramref name="exitCode"/> (a rank that fails must not leave the others waiting in a collective).</summary>
    void Abort(int exitCode);
}
