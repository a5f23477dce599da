namespace Engine.Autodiff;

/// <summary>
/// The name of the module whose forward is running on this thread ("l2", "conv3"; nested modules
/// joined by dots), so every node records which layer made it. The backward walk re-enters the
/// scope of each node it differentiates, so the ops of a layer's backward, and of the backward of
/// that backward, carry the layer's name too: the profile can say which layer's double backward costs what.
/// </summary>
public static class ModuleScope
{
    [ThreadStatic] private static string? _current;

    /// <summary>The current module's name, or null outside every module.</summary>
    public static string? Current => _current;

    // Joined names by (parent, child), so entering a nested module does not build a new string on
    // every forward (a toy step enters a few dozen; the strings were a tenth of its allocations).
    [ThreadStatic] private static Dictionary<(string Parent, string Child), string>? _joined;

    /// <summary>Enters the child module <paramref name="name"/> (below the current one) until the returned scope is disposed.</summary>
    public static Scope Enter(string name) => Set(_current is null ? name : Join(_current, name));

    private static string Join(string parent, string child)
    {
        var joined = _joined ??= [];
        if (!joined.TryGetValue((parent, child), out var full))
        {
            // Bounded: a program with ever-new module names (generated ones) must not grow it forever.
            if (joined.Count >= 4096) joined.Clear();
            joined[(parent, child)] = full = parent + "." + child;
        }
        return full;
    }

    /// <summary>Makes <paramref name="module"/> (a full name, or null) current until the returned scope is disposed.</summary>
    public static Scope Set(string? module)
    {
        var scope = new Scope(_current);
        _current = module;
        return scope;
    }

    /// <summary>Restores the previous module when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly string? _previous;

        internal Scope(string? previous) => _previous = previous;

        /// <inheritdoc />
        public void Dispose() => _current = _previous;
    }
}
