namespace Engine.Kernels.Gpu;

/// <summary>A process-wide GPU backend opened on first use; a failure to open is kept as the reason, not rethrown each time.</summary>
internal sealed class LazyDevice(Func<GpuBackend> open)
{
    private readonly Lazy<(GpuBackend? Backend, string Reason)> _opened = new(() =>
    {
        try
        {
            return (open(), "");
        }
        catch (GpuException e)
        {
            return (null, e.Message);
        }
    });

    /// <summary>The backend, or a <see cref="GpuException"/> naming what is missing.</summary>
    public GpuBackend Instance => _opened.Value.Backend ?? throw new GpuException(_opened.Value.Reason);

    /// <summary>True when the device opened; otherwise <paramref name="reason"/> says why not.</summary>
    public bool TryGet(out GpuBackend? backend, out string reason)
    {
        (backend, reason) = _opened.Value;
        return backend is not null;
    }
}
