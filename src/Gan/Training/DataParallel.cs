using Engine.Autodiff;
using Engine.Distributed;
using Engine.Tensors;

namespace Engine.Gan.Training;

/// <summary>
/// What the trainer needs to train one model over several processes (data parallelism): this
/// rank's <see cref="BatchShare"/> of every global batch, the weight that turns a mean over the
/// share into its part of the mean over the global batch, and the bucketed gradient sum. Every
/// rank draws the same random streams as one process would (the shared streams are indexed by
/// global sample, <see cref="RandomStream.Share"/>), takes its rows, and scales its loss by
/// Count / Total before the backward pass; summing the gradients over ranks then gives the
/// gradient of the global-batch loss, and every rank applies the same update.
/// </summary>
public sealed class DataParallel
{
    /// <summary>Splits a global batch of <paramref name="globalBatch"/> rows over the ranks of <paramref name="collective"/>.</summary>
    public DataParallel(ICollective collective, int globalBatch, int bucketElements = BucketedAllReduce.DefaultBucketElements)
    {
        Collective = collective;
        Share = BatchShare.Of(collective.Rank, collective.Size, globalBatch);
        Gradients = new BucketedAllReduce(collective, bucketElements);
    }

    /// <summary>The process group.</summary>
    public ICollective Collective { get; }

    /// <summary>This rank's rows of every global batch.</summary>
    public BatchShare Share { get; }

    /// <summary>The gradient all-reduce (and its accumulated time).</summary>
    public BucketedAllReduce Gradients { get; }

    /// <summary>True on rank 0, the rank that writes metrics, plots and checkpoints.</summary>
    public bool IsRoot => Collective.Rank == 0;

    /// <summary>This rank's rows of a global batch.</summary>
    public Tensor Rows(Tensor globalBatch) => globalBatch.Slice(0, Share.Offset, Share.Count);

    /// <summary>A mean over this rank's rows, weighted to be its term of the mean over the global batch.</summary>
    public Tensor Weighted(Tensor localMean) => localMean * Share.Weight;

    /// <summary>The sum over ranks of each (weighted) gradient: the global-batch gradient, the same on every rank.</summary>
    public Tensor?[] SumGradients(Tensor?[] grads) =>
        Gradients.Sum(grads.Select(g => g?.Data).ToArray()).Select(a => a is null ? null : new Tensor(a)).ToArray();

    /// <summary>The sums over ranks of a few scalars (loss terms, norm statistics), in one all-reduce.</summary>
    public double[] Sum(params double[] values)
    {
        Collective.AllReduceSum(values.AsSpan());
        return values;
    }

    /// <summary>
    /// Throws on a rank whose <paramref name="description"/> (its configuration, its state) differs
    /// from rank 0's, naming <paramref name="what"/>: ranks that disagree would average unrelated gradients.
    /// <paramref name="explain"/>, given rank 0's description, says how they differ (default: both in full).
    /// </summary>
    public void RequireSameAsRoot(string what, string description, Func<string, string>? explain = null)
    {
        var root = Collective.BroadcastString(description, root: 0);
        if (root != description)
            throw new ArgumentException($"data-parallel: rank {Collective.Rank}'s {what} differs from rank 0's: " +
                (explain?.Invoke(root) ?? $"'{description}' here, '{root}' on rank 0"));
    }
}
