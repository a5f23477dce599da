using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Gan.Data;

/// <summary>
/// Where real samples come from. A source draws every batch from its own random stream (and, for fixed
/// data sets, a cursor), and reports that state as named integers so a resumed run continues the
/// same stream of batches.
/// </summary>
public interface IDataSource
{
    /// <summary>The data set's name ("8gaussians", ...).</summary>
    string Name { get; }

    /// <summary>Shape of one sample (e.g. [2] or [1, 28, 28]).</summary>
    int[] SampleShape { get; }

    /// <summary>The next batch of <paramref name="n"/> real samples, [n, ..SampleShape].</summary>
    Tensor NextBatch(int n, DType dtype, IBackend backend);

    /// <summary>
    /// An independent stream over the same data seeded by <paramref name="seed"/> (fresh real samples
    /// for evaluation and plots, without disturbing the training stream or reading files again).
    /// </summary>
    IDataSource WithSeed(ulong seed);

    /// <summary>The state to checkpoint (random-stream counters, cursors).</summary>
    IReadOnlyDictionary<string, long> SaveState();

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    void LoadState(IReadOnlyDictionary<string, long> state);
}

/// <summary>A 2-D mixture whose modes are known, so mode coverage can be measured.</summary>
public interface IModalDataSource : IDataSource
{
    /// <summary>Mode centres (interleaved x, y) in data units.</summary>
    double[] ModeCenters { get; }

    /// <summary>Standard deviation of each mode in data units.</summary>
    double ModeStd { get; }
}
