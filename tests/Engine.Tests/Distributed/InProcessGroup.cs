using Engine.Distributed;

namespace Engine.Tests.Distributed;

/// <summary>
/// A group of ranks that are threads of the test process, for testing data-parallel code without
/// MPI: every collective meets at a barrier, and sums are taken in rank order, so every rank gets
/// the same bits (as MPI gives).
/// </summary>
internal sealed class InProcessGroup
{
    private readonly Barrier _barrier;
    private readonly object?[] _slots;

    public InProcessGroup(int size)
    {
        _barrier = new Barrier(size);
        _slots = new object?[size];
        Ranks = Enumerable.Range(0, size).Select(r => new Member(this, r)).ToArray();
    }

    public Member[] Ranks { get; }

    /// <summary>Runs <paramref name="body"/> on one thread per rank and returns each rank's result.</summary>
    public T[] Run<T>(Func<Member, T> body)
    {
        var results = new T[Ranks.Length];
        var errors = new Exception?[Ranks.Length];
        var threads = Ranks.Select(r => new Thread(() =>
        {
            try { results[r.Rank] = body(r); }
            catch (Exception e) { errors[r.Rank] = e; _barrier.RemoveParticipant(); }
        }, 16 << 20)).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        if (errors.FirstOrDefault(e => e is not null) is { } first) throw new AggregateException(first);
        return results;
    }

    public sealed class Member(InProcessGroup group, int rank) : ICollective
    {
        public string Name => "in-process threads";
        public int Rank => rank;
        public int Size => group._slots.Length;

        public void AllReduceSum(Span<float> values) => Reduce(values);
        public void AllReduceSum(Span<double> values) => Reduce(values);

        private void Reduce<T>(Span<T> values) where T : struct, System.Numerics.IAdditionOperators<T, T, T>
        {
            group._slots[rank] = values.ToArray();
            group._barrier.SignalAndWait();
            var sum = (T[])((T[])group._slots[0]!).Clone();
            for (var r = 1; r < Size; r++)
            {
                var other = (T[])group._slots[r]!;
                for (var i = 0; i < sum.Length; i++) sum[i] += other[i];
            }
            group._barrier.SignalAndWait();
            sum.CopyTo(values);
        }

        public void Broadcast(Span<byte> values, int root)
        {
            if (rank == root) group._slots[root] = values.ToArray();
            group._barrier.SignalAndWait();
            ((byte[])group._slots[root]!).CopyTo(values);
            group._barrier.SignalAndWait();
        }

        public void Barrier() => group._barrier.SignalAndWait();

        public void Abort(int exitCode) => throw new InvalidOperationException($"rank {rank} aborted with {exitCode}");

        public void Dispose() { }
    }
}
