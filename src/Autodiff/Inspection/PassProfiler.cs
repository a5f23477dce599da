using System.Diagnostics;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// An <see cref="IOpObserver"/> that totals, per pass (0 forward, 1 backward, 2 backward of the
/// backward, ...), per op within a pass and per module within a pass (the layer that recorded
/// the op, see <see cref="ModuleScope"/>): ops run, nodes recorded, modelled FLOPs and bytes
/// (<see cref="OpCost"/>), wall time, and live/peak bytes of saved tensors.
/// <para>
/// Time: ops run eagerly and one after another on a thread, so an op's compute happens between the
/// previous event on the thread and its own; each op is charged the wall time since the previous
/// event (the first op: since the profiler was created). That time also holds whatever ran in
/// between (the walk's bookkeeping, tensor creation, user code), but not the profiler's own work.
/// Create the profiler just before installing it.
/// </para>
/// <para>
/// Saved memory: when an op records a node, the buffers of its saved tensors become live (counted
/// once per buffer, see <see cref="Node.Saved"/>), charged to the node's pass; when the walk frees
/// the node (a backward without retainGraph) they are released. Nodes recorded before the profiler
/// was installed are ignored. Not thread-safe: install it on one thread.
/// </para>
/// </summary>
public sealed class PassProfiler : IOpObserver
{
    private readonly SortedDictionary<int, Totals> _passes = [];
    private readonly Dictionary<(int Pass, string Op), Totals> _ops = [];
    private readonly Dictionary<(int Pass, string Module), Totals> _modules = [];
    private readonly SavedMemoryTracker _saved = new();
    private long _last = Stopwatch.GetTimestamp();

    /// <summary>Runs <paramref name="body"/> with a new profiler installed and returns its profile.</summary>
    public static GraphProfile Run(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var profiler = new PassProfiler();
        using (OpObserver.Install(profiler)) body();
        return profiler.Result();
    }

    /// <inheritdoc />
    public void OnOp(OpEvent e)
    {
        // A GPU op is only queued when it returns: wait for it, so its time is the kernel's, not the launch's.
        if (e.Outputs.Count > 0) e.Output.Data.Backend.Synchronize();
        var seconds = Stopwatch.GetElapsedTime(_last).TotalSeconds;
        Add(_passes, e.Pass, e, seconds);
        var key = (e.Pass, e.Op);
        if (!_ops.TryGetValue(key, out var op)) _ops[key] = op = new Totals();
        op.Add(e, seconds);
        var moduleKey = (e.Pass, e.Module ?? SavedMemoryTracker.NoModule);
        if (!_modules.TryGetValue(moduleKey, out var module)) _modules[moduleKey] = module = new Totals();
        module.Add(e, seconds);
        if (e.Node is not null) _saved.NodeCreated(e.Node);
        _last = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc />
    public void OnNodeFreed(Node node)
    {
        var start = Stopwatch.GetTimestamp();
        _saved.NodeFreed(node);
        // Keep the profiler's own bookkeeping out of the next op's time.
        _last += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>A snapshot of the totals so far (the profiler keeps counting).</summary>
    public GraphProfile Result()
    {
        var passes = _passes.Select(p => new PassStats(p.Key, PassNames.Describe(p.Key), p.Value.Ops, p.Value.Nodes, p.Value.Flops,
            p.Value.Bytes, p.Value.Seconds, _saved.PeakOf(p.Key), _saved.LiveOf(p.Key))).ToArray();
        var ops = _ops.OrderBy(o => o.Key.Pass).ThenByDescending(o => o.Value.Flops).ThenBy(o => o.Key.Op, StringComparer.Ordinal)
            .Select(o => new OpStats(o.Key.Pass, o.Key.Op, o.Value.Ops, o.Value.Nodes, o.Value.Flops, o.Value.Bytes, o.Value.Seconds)).ToArray();
        var total = new ProfileTotals(passes.Sum(p => p.Ops), passes.Sum(p => p.Nodes), passes.Sum(p => p.Flops), passes.Sum(p => p.Bytes),
            passes.Sum(p => p.Seconds), _saved.Peak, _saved.Live);
        var modules = _modules.OrderBy(m => m.Key.Pass).ThenByDescending(m => m.Value.Flops).ThenBy(m => m.Key.Module, StringComparer.Ordinal)
            .Select(m => new ModuleStats(m.Key.Pass, m.Key.Module, m.Value.Ops, m.Value.Nodes, m.Value.Flops, m.Value.Bytes, m.Value.Seconds,
                _saved.PeakOf(m.Key.Pass, m.Key.Module))).ToArray();
        return new GraphProfile(passes, ops, total) { Modules = modules };
    }

    private static void Add(SortedDictionary<int, Totals> map, int pass, OpEvent e, double seconds)
    {
        if (!map.TryGetValue(pass, out var totals)) map[pass] = totals = new Totals();
        totals.Add(e, seconds);
    }

    private sealed class Totals
    {
        public long Ops, Nodes, Flops, Bytes;
        public double Seconds;

        public void Add(OpEvent e, double seconds)
        {
            Ops++;
            if (e.RecordedNode) Nodes++;
            Flops += e.Flops;
            Bytes += e.Bytes;
            Seconds += seconds;
        }
    }
}
