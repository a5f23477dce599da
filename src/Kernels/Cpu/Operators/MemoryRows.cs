namespace Engine.Kernels.Cpu;

/// <summary>Copies operand 1 (source) into operand 0 (destination), row by row.</summary>
internal readonly struct CopyRow<T>(T[] destination, T[] source) : IRowKernel where T : unmanaged
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int d = offsets[0], s = offsets[1], ds = strides[0], ss = strides[1];
        if (ds == 1 && ss == 1) source.AsSpan(s, count).CopyTo(destination.AsSpan(d, count));
        else if (ds == 1 && ss == 0) destination.AsSpan(d, count).Fill(source[s]);
        else
            for (var j = 0; j < count; j++, d += ds, s += ss) destination[d] = source[s];
    }
}

/// <summary>Sets every element of operand 0 to one value.</summary>
internal readonly struct FillRow<T>(T[] destination, T value) : IRowKernel where T : unmanaged
{
    public void Run(ReadOnlySpan<int> offsets, ReadOnlySpan<int> strides, int count)
    {
        int d = offsets[0], ds = strides[0];
        if (ds == 1) destination.AsSpan(d, count).Fill(value);
        else
            for (var j = 0; j < count; j++, d += ds) destination[d] = value;
    }
}
