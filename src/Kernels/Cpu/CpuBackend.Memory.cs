using System.Buffers;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public IDeviceBuffer Allocate(DType dtype, int length) => dtype switch
    {
        DType.Float32 => new CpuBuffer<float>(new float[length]),
        DType.Float64 => new CpuBuffer<double>(new double[length]),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "cpu: unknown dtype"),
    };

    /// <inheritdoc />
    public IDeviceBuffer Upload(Array host) => host switch
    {
        float[] f => new CpuBuffer<float>((float[])f.Clone()),
        double[] d => new CpuBuffer<double>((double[])d.Clone()),
        _ => throw new ArgumentException($"cpu: cannot upload a {host.GetType().Name}; float[] or double[] expected"),
    };

    /// <inheritdoc />
    public void Download(NDArray source, Array host)
    {
        if (host.Length != source.Numel)
            throw new ArgumentException($"cpu: download of {source.ShapeString} ({source.Numel} elements) into a host array of {host.Length}");
        switch (host)
        {
            case float[] f when source.DType == DType.Float32: GatherInto(source, f.AsSpan()); break;
            case double[] d when source.DType == DType.Float64: GatherInto(source, d.AsSpan()); break;
            default: throw new ArgumentException($"cpu: download of a {source.DType.Name()} array into a {host.GetType().Name}");
        }
    }

    /// <inheritdoc />
    public void Copy(NDArray source, NDArray destination)
    {
        if (!Shape.Equal(source.Shape, destination.Shape))
            throw new ShapeMismatchException($"copy: source {source.ShapeString} and destination {destination.ShapeString} differ");
        if (source.DType == DType.Float32) CopyTyped<float>(source, destination);
        else CopyTyped<double>(source, destination);
    }

    /// <inheritdoc />
    public void Fill(NDArray destination, double value)
    {
        if (destination.DType == DType.Float32) FillTyped(destination, (float)value);
        else FillTyped(destination, value);
    }

    /// <inheritdoc />
    public void FillRandom(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        if (!destination.IsContiguous) throw new ArgumentException($"cpu: random fill needs a contiguous destination, got {destination}");
        var n = destination.Numel;
        // Each element is a pure function of (seed, counter, index), so the split across threads cannot change the numbers.
        void Chunk(int start, int end)
        {
            if (destination.DType == DType.Float32)
            {
                var data = DataOf<float>(destination);
                for (var i = start; i < end; i++) data[destination.Offset + i] = (float)Draw(i);
            }
            else
            {
                var data = DataOf<double>(destination);
                for (var i = start; i < end; i++) data[destination.Offset + i] = Draw(i);
            }
        }
        double Draw(int i) => distribution == RandomDistribution.Uniform
            ? p0 + (p1 - p0) * CounterRng.Uniform(seed, counter + (ulong)i)
            : p0 + p1 * CounterRng.Normal(seed, counter, (ulong)i);
        Parallelism.For(n, 1 << 14, Chunk);
    }

    internal static void GatherInto<T>(NDArray source, Span<T> host) where T : unmanaged
    {
        var data = DataOf<T>(source);
        if (source.IsContiguous) { data.AsSpan(source.Offset, source.Numel).CopyTo(host); return; }
        var offsets = ArrayPool<int>.Shared.Rent(source.Numel);
        StridedIndex.Offsets(source, offsets.AsSpan(0, source.Numel));
        for (var i = 0; i < source.Numel; i++) host[i] = data[offsets[i]];
        ArrayPool<int>.Shared.Return(offsets);
    }

    private static void CopyTyped<T>(NDArray source, NDArray destination) where T : unmanaged
    {
        var dst = DataOf<T>(destination);
        if (destination.IsContiguous) { GatherInto(source, dst.AsSpan(destination.Offset, destination.Numel)); return; }
        var src = DataOf<T>(source);
        var n = source.Numel;
        var so = ArrayPool<int>.Shared.Rent(n);
        var d0 = ArrayPool<int>.Shared.Rent(n);
        StridedIndex.Offsets(source, so.AsSpan(0, n));
        StridedIndex.Offsets(destination, d0.AsSpan(0, n));
        for (var i = 0; i < n; i++) dst[d0[i]] = src[so[i]];
        ArrayPool<int>.Shared.Return(so);
        ArrayPool<int>.Shared.Return(d0);
    }

    private static void FillTyped<T>(NDArray destination, T value) where T : unmanaged
    {
        var data = DataOf<T>(destination);
        if (destination.IsContiguous) { data.AsSpan(destination.Offset, destination.Numel).Fill(value); return; }
        var n = destination.Numel;
        var offsets = ArrayPool<int>.Shared.Rent(n);
        StridedIndex.Offsets(destination, offsets.AsSpan(0, n));
        for (var i = 0; i < n; i++) data[offsets[i]] = value;
        ArrayPool<int>.Shared.Return(offsets);
    }
}
