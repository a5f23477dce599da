using System.Runtime.InteropServices;

namespace Engine.Kernels.Gpu;

/// <summary>
/// The arguments of one launch as raw bytes, in order, packed into one array (each argument
/// starting 8-byte aligned) so a launch pins a single object. Both APIs take an argument as (size,
/// pointer to value): a device allocation is its 64-bit handle, a scalar its bytes, a geometry
/// struct its int fields (ints only, so host and device agree on the layout without padding rules).
/// </summary>
internal sealed class KernelArgs
{
    private byte[] _bytes = new byte[256];
    private readonly List<(int Offset, int Size)> _args = new(12);
    private int _used;

    /// <summary>Number of arguments.</summary>
    public int Count => _args.Count;

    /// <summary>All arguments' bytes; argument i is at <see cref="Slot"/>(i).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Offset and size of argument <paramref name="index"/> in <see cref="Bytes"/>.</summary>
    public (int Offset, int Size) Slot(int index) => _args[index];

    public KernelArgs Buffer(ulong handle) => Add(handle);

    public KernelArgs Int(int value) => Add(value);

    /// <summary>A scalar in the kernel's element type: 4 bytes for float32, 8 for float64.</summary>
    public KernelArgs Scalar(double value, bool float64) => float64 ? Add(value) : Add((float)value);

    public KernelArgs ULong(ulong value) => Add(value);

    public KernelArgs Double(double value) => Add(value);

    /// <summary>A struct of ints passed by value.</summary>
    public KernelArgs Struct(ReadOnlySpan<int> fields) => AddBytes(MemoryMarshal.AsBytes(fields));

    private KernelArgs Add<T>(T value) where T : unmanaged => AddBytes(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    private KernelArgs AddBytes(ReadOnlySpan<byte> value)
    {
        var offset = (_used + 7) & ~7;
        if (offset + value.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, offset + value.Length));
        value.CopyTo(_bytes.AsSpan(offset));
        _args.Add((offset, value.Length));
        _used = offset + value.Length;
        return this;
    }
}
