using System.Runtime.InteropServices;

namespace Engine.Kernels.Gpu;

/// <summary>
/// The arguments of one launch as raw bytes, in order. Both APIs take an argument as (size, pointer
/// to value): a device allocation is its 64-bit handle, a scalar its bytes, a geometry struct its
/// int fields (ints only, so host and device agree on the layout without padding rules).
/// </summary>
internal sealed class KernelArgs
{
    private readonly List<byte[]> _values = [];

    /// <summary>Number of arguments.</summary>
    public int Count => _values.Count;

    /// <summary>The bytes of argument <paramref name="index"/>.</summary>
    public byte[] this[int index] => _values[index];

    public KernelArgs Buffer(ulong handle) => Add(BitConverter.GetBytes(handle));

    public KernelArgs Int(int value) => Add(BitConverter.GetBytes(value));

    /// <summary>A scalar in the kernel's element type: 4 bytes for float32, 8 for float64.</summary>
    public KernelArgs Scalar(double value, bool float64) =>
        Add(float64 ? BitConverter.GetBytes(value) : BitConverter.GetBytes((float)value));

    public KernelArgs ULong(ulong value) => Add(BitConverter.GetBytes(value));

    public KernelArgs Double(double value) => Add(BitConverter.GetBytes(value));

    /// <summary>A struct of ints passed by value.</summary>
    public KernelArgs Struct(int[] fields) => Add(MemoryMarshal.AsBytes(fields.AsSpan()).ToArray());

    private KernelArgs Add(byte[] bytes)
    {
        _values.Add(bytes);
        return this;
    }
}
