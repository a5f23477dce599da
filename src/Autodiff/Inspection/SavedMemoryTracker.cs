using Engine.Tensors;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// Live bytes of the tensors that recorded nodes save for their backward, per pass. A buffer saved
/// by several nodes (or twice by one) counts once: it is reference-counted by the buffer object and
/// charged to the pass of the first node that saved it, until the last node holding it is freed.
/// A whole buffer counts, since a view keeps all of it alive.
/// </summary>
internal sealed class SavedMemoryTracker
{
    private sealed class Entry(long bytes, int pass, string module)
    {
        public long Bytes { get; } = bytes;
        public int Pass { get; } = pass;
        public string Module { get; } = module;
        public int References { get; set; }
    }

    private readonly Dictionary<IDeviceBuffer, Entry> _buffers = new(ReferenceEqualityComparer.Instance);
    // The buffers each tracked node holds: Node.Saved is cleared on free, and nodes created before
    // the profiler was installed must not be subtracted.
    private readonly Dictionary<Node, IDeviceBuffer[]> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int, long> _live = [];
    private readonly Dictionary<int, long> _peak = [];
    private readonly Dictionary<(int, string), long> _moduleLive = [];
    private readonly Dictionary<(int, string), long> _modulePeak = [];

    /// <summary>The name under which saved bytes of nodes recorded outside every module are counted.</summary>
    public const string NoModule = "(no module)";

    /// <summary>Highest live saved bytes charged to <paramref name="module"/> in <paramref name="pass"/>.</summary>
    public long PeakOf(int pass, string module) => _modulePeak.GetValueOrDefault((pass, module));

    /// <summary>Live saved bytes over all passes.</summary>
    public long Live { get; private set; }

    /// <summary>Highest <see cref="Live"/> seen.</summary>
    public long Peak { get; private set; }

    /// <summary>Live saved bytes charged to <paramref name="pass"/>.</summary>
    public long LiveOf(int pass) => _live.GetValueOrDefault(pass);

    /// <summary>Highest live saved bytes charged to <paramref name="pass"/>.</summary>
    public long PeakOf(int pass) => _peak.GetValueOrDefault(pass);

    public void NodeCreated(Node node)
    {
        if (node.Saved.Count == 0 || _nodes.ContainsKey(node)) return;
        var buffers = node.Saved.Select(t => t.Data.Buffer).Distinct(ReferenceEqualityComparer.Instance).Cast<IDeviceBuffer>().ToArray();
        _nodes[node] = buffers;
        foreach (var buffer in buffers)
        {
            if (!_buffers.TryGetValue(buffer, out var entry))
            {
                entry = new Entry((long)buffer.Length * buffer.DType.SizeOf(), node.Pass, node.Module ?? NoModule);
                _buffers[buffer] = entry;
                Change(entry, entry.Bytes);
            }
            entry.References++;
        }
    }

    public void NodeFreed(Node node)
    {
        if (!_nodes.Remove(node, out var buffers)) return;
        foreach (var buffer in buffers)
        {
            var entry = _buffers[buffer];
            if (--entry.References > 0) continue;
            _buffers.Remove(buffer);
            Change(entry, -entry.Bytes);
        }
    }

    private void Change(Entry entry, long bytes)
    {
        var pass = entry.Pass;
        var live = _live[pass] = _live.GetValueOrDefault(pass) + bytes;
        if (live > _peak.GetValueOrDefault(pass)) _peak[pass] = live;
        var key = (pass, entry.Module);
        var moduleLive = _moduleLive[key] = _moduleLive.GetValueOrDefault(key) + bytes;
        if (moduleLive > _modulePeak.GetValueOrDefault(key)) _modulePeak[key] = moduleLive;
        Live += bytes;
        if (Live > Peak) Peak = Live;
    }
}
