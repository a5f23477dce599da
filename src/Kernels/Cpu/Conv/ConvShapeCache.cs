using System.Collections.Concurrent;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Read-only tables built once per conv shape and shared by every thread. Bounded (cleared when
/// full) because a caller could cycle through any number of shapes, while a training step
/// alternates between a few.
/// </summary>
internal sealed class ConvShapeCache<TTables>(Func<ConvDims, TTables> build) where TTables : class
{
    private const int MaxCached = 64;
    private readonly ConcurrentDictionary<ConvDims, TTables> _cache = new();

    /// <summary>The tables of <paramref name="d"/>, built on first use.</summary>
    public TTables For(ConvDims d)
    {
        if (_cache.TryGetValue(d, out var t)) return t;
        if (_cache.Count >= MaxCached) _cache.Clear();
        return _cache.GetOrAdd(d, build);
    }
}
