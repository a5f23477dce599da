namespace Engine.Autodiff.Inspection;

/// <summary>
/// The per-thread op observer hook. Ops report to it only when one is installed: with none, the
/// cost to every op is one thread-static read and a null check.
/// </summary>
public static class OpObserver
{
    [ThreadStatic] private static IOpObserver? _current;

    /// <summary>The observer installed on this thread, or null.</summary>
    public static IOpObserver? Current => _current;

    /// <summary>
    /// Installs <paramref name="observer"/> on this thread until the returned scope is disposed:
    /// <c>using var scope = OpObserver.Install(profiler);</c>. Scopes nest: disposing one restores
    /// the observer that was installed before it (the outer one sees nothing meanwhile).
    /// </summary>
    public static OpObserverScope Install(IOpObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var scope = new OpObserverScope(_current);
        _current = observer;
        return scope;
    }

    internal static void Restore(IOpObserver? previous) => _current = previous;

    /// <summary>Reports one op to the installed observer (callers check <see cref="Current"/> first).</summary>
    internal static void Report(string op, Tensor[] inputs, Tensor[] outputs)
    {
        var observer = _current;
        if (observer is null) return;
        var e = new OpEvent(op, inputs, outputs, GradMode.CurrentPass, outputs[0].Node);
        // Uninstalled while it handles the event, so ops it runs (or downloads it triggers) are not reported to it.
        _current = null;
        try { observer.OnOp(e); }
        finally { _current = observer; }
    }

    /// <summary>Tells the installed observer that the walk is freeing <paramref name="node"/>.</summary>
    internal static void ReportFreed(Node node)
    {
        var observer = _current;
        if (observer is null) return;
        _current = null;
        try { observer.OnNodeFreed(node); }
        finally { _current = observer; }
    }
}

/// <summary>Restores the previously installed observer when disposed (see <see cref="OpObserver.Install"/>).</summary>
public sealed class OpObserverScope : IDisposable
{
    private readonly IOpObserver? _previous;
    private bool _disposed;

    internal OpObserverScope(IOpObserver? previous) => _previous = previous;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        OpObserver.Restore(_previous);
    }
}
