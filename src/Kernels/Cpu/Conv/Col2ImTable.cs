using System.Numerics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// col2im as a gather: each input element sums the column-matrix entries that read it, instead of
/// every entry adding itself into the image. For a fixed tap and input element at most one output
/// position reads it, so element i of a channel sums, in tap order, the entries at offsets
/// (tap * ldcol + position) of the channel's block of rows; those offsets do not depend on the
/// channel or the image, so one table per geometry serves every channel. Each element is then
/// written once from a register: the scattered adds it replaces (one read-modify-write per entry,
/// the same elements hit again by the next tap) stalled on store forwarding. The sum runs in the
/// order the scatter added (taps ascending, from zero), so results are bitwise the same. Elements
/// are visited grouped by how many entries they sum (with stride 2, four classes by parity), so the
/// inner loop's trip count repeats and its branch is predicted; in image order it changed from one
/// element to the next and mispredicted about once per element.
/// </summary>
internal static unsafe class Col2ImTable
{
    [ThreadStatic] private static ConvDims _dims;
    [ThreadStatic] private static int _ldcol;
    [ThreadStatic] private static int[]? _starts;
    [ThreadStatic] private static int[]? _offsets;
    [ThreadStatic] private static int[]? _elements;

    /// <summary>Adds one image's column matrix (rows of <paramref name="ldcol"/>) into gx [C, H, W]; ranges are checked by the caller.</summary>
    public static void Unpack<T>(ConvDims d, T* col, int ldcol, T* gx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (elements, starts, offsets) = Table(d, ldcol);
        int hw = d.H * d.W, taps = d.KH * d.KW;
        fixed (int* el = elements, s = starts, o = offsets)
            for (var c = 0; c < d.C; c++)
            {
                var rows = col + (long)c * taps * ldcol;
                var dst = gx + (long)c * hw;
                for (var i = 0; i < hw; i++)
                {
                    var acc = T.Zero;
                    for (int e = s[i], end = s[i + 1]; e < end; e++) acc += rows[o[e]];
                    dst[el[i]] += acc;
                }
            }
    }

    /// <summary>
    /// The i-th element visited is elements[i] (ordered by entry count); offsets[starts[i]..starts[i + 1])
    /// are the entries (tap * ldcol + output position) that read it, taps ascending.
    /// </summary>
    private static (int[] Elements, int[] Starts, int[] Offsets) Table(ConvDims d, int ldcol)
    {
        if (_elements is { } cachedElements && _starts is { } cachedStarts && _offsets is { } cachedOffsets && _dims == d && _ldcol == ldcol)
            return (cachedElements, cachedStarts, cachedOffsets);
        var g = d.Geometry;
        int hw = d.H * d.W;
        var counts = new int[hw + 1];
        var entries = new List<(int Element, int Offset)>();
        for (var ki = 0; ki < d.KH; ki++)
            for (var kj = 0; kj < d.KW; kj++)
            {
                var tap = ki * d.KW + kj;
                for (var oh = 0; oh < d.Ho; oh++)
                    for (var ow = 0; ow < d.Wo; ow++)
                    {
                        int ih = oh * g.StrideH - g.PadH + ki * g.DilationH, iw = ow * g.StrideW - g.PadW + kj * g.DilationW;
                        if (ih < 0 || ih >= d.H || iw < 0 || iw >= d.W) continue;
                        var element = ih * d.W + iw;
                        entries.Add((element, tap * ldcol + oh * d.Wo + ow));
                        counts[element + 1]++;
                    }
            }
        // Visit order: by entry count, then element (a stable sort keeps image order within a class).
        var elements = Enumerable.Range(0, hw).OrderBy(e => counts[e + 1]).ToArray();
        var starts = new int[hw + 1];
        var slot = new int[hw];
        for (var i = 0; i < hw; i++)
        {
            slot[elements[i]] = starts[i];
            starts[i + 1] = starts[i] + counts[elements[i] + 1];
        }
        var offsets = new int[entries.Count];
        // Entries were made taps ascending, so each element's run stays in tap order.
        foreach (var (element, offset) in entries) offsets[slot[element]++] = offset;
        (_elements, _starts, _offsets, _dims, _ldcol) = (elements, starts, offsets, d, ldcol);
        return (elements, starts, offsets);
    }
}
