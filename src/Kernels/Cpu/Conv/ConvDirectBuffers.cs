using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Kernels.Cpu;

/// <summary>
/// The calling thread's buffers of the direct conv (padded input, packed panels, the transposed
/// output tile), pinned so worker threads can use raw pointers, 64-byte aligned, grown on demand
/// and kept (see <see cref="ConvBuffers{T}"/> for why kept rather than rented).
/// </summary>
internal static unsafe class ConvDirectBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [ThreadStatic] private static T[]? _input;
    [ThreadStatic] private static T[]? _panels;
    [ThreadStatic] private static T[]? _tiles;
    [ThreadStatic] private static T[]? _weights;
    [ThreadStatic] private static T[]? _staging;

    /// <summary>At least <paramref name="length"/> elements for the padded input.</summary>
    public static T* Input(long length) => Aligned(ref _input, length);

    /// <summary>At least <paramref name="length"/> elements for the packed panels.</summary>
    public static T* Panels(long length) => Aligned(ref _panels, length);

    /// <summary>At least <paramref name="length"/> elements for the output tiles (rows x padded channels).</summary>
    public static T* Tiles(long length) => Aligned(ref _tiles, length);

    /// <summary>At least <paramref name="length"/> elements for rearranged weights (grad-input's [O, tap, C]).</summary>
    public static T* Weights(long length) => Aligned(ref _weights, length);

    /// <summary>At least <paramref name="length"/> elements for an output on its way to its strided places.</summary>
    public static T* Staging(long length) => Aligned(ref _staging, length);

    private static T* Aligned(ref T[]? array, long length)
    {
        var pad = 64 / sizeof(T);
        if (length + pad > Array.MaxLength) throw new OutOfMemoryException($"conv2d: a direct-conv buffer of {length} elements is too large");
        if (array is null || array.Length < length + pad) array = GC.AllocateUninitializedArray<T>((int)length + pad, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + 63) & ~(nint)63);
    }
}

/// <summary>
/// Offsets into the padded input of a conv's shape: <see cref="Taps"/>[c*kh*kw + ki*kw + kj] is the
/// tap's offset from an output position's corner, <see cref="Positions"/>[n*P + oh*Wo + ow] the
/// corner's offset from the batch start. Both are padded to a whole number of
/// <see cref="ConvDirectKernel{T}.MR"/>-row tiles by repeating their last entry. Shared read-only;
/// a bounded cache, since a training step alternates between a few shapes.
/// </summary>
internal sealed class ConvDirectTables
{
    private const int MaxCached = 64;
    private static readonly ConcurrentDictionary<ConvDims, ConvDirectTables> Cache = new();

    private ConvDirectTables(int[] taps, int[] positions) => (Taps, Positions) = (taps, positions);

    /// <summary>Tap offsets, one per row of the column matrix.</summary>
    public int[] Taps { get; }

    /// <summary>Output-position offsets, one per column of the column matrix.</summary>
    public int[] Positions { get; }

    /// <summary>The tables of <paramref name="d"/>, built once.</summary>
    public static ConvDirectTables For(ConvDims d)
    {
        if (Cache.TryGetValue(d, out var t)) return t;
        if (Cache.Count >= MaxCached) Cache.Clear();
        return Cache.GetOrAdd(d, Build);
    }

    private static ConvDirectTables Build(ConvDims d)
    {
        var g = d.Geometry;
        int hp = d.H + 2 * g.PadH, wp = d.W + 2 * g.PadW, mr = ConvDirectKernel<float>.MR;
        var taps = new int[Round(d.Ckk, mr)];
        for (var c = 0; c < d.C; c++)
            for (var ki = 0; ki < d.KH; ki++)
                for (var kj = 0; kj < d.KW; kj++)
                    taps[(c * d.KH + ki) * d.KW + kj] = (c * hp + ki * g.DilationH) * wp + kj * g.DilationW;
        var positions = new int[Round(d.N * d.P, mr)];
        for (var n = 0; n < d.N; n++)
            for (var oh = 0; oh < d.Ho; oh++)
                for (var ow = 0; ow < d.Wo; ow++)
                    positions[(n * d.Ho + oh) * d.Wo + ow] = (n * d.C * hp + oh * g.StrideH) * wp + ow * g.StrideW;
        Repeat(taps, d.Ckk);
        Repeat(positions, d.N * d.P);
        return new ConvDirectTables(taps, positions);
    }

    private static int Round(int n, int m) => Math.Max(m, (n + m - 1) / m * m);

    private static void Repeat(int[] table, int valid)
    {
        for (var i = Math.Max(valid, 1); i < table.Length; i++) table[i] = table[Math.Max(valid - 1, 0)];
    }
}
