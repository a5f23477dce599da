using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    private readonly BlockPool<float[]> _floatPool = new(new CpuArrays<float>());
    private readonly BlockPool<double[]> _doublePool = new(new CpuArrays<double>());

    /// <summary>The float32 and float64 pools' counters, summed.</summary>
    public PoolStats MemoryStats => _floatPool.Stats + _doublePool.Stats;

    /// <summary>Drops every pooled (free) array, so the garbage collector can reclaim it.</summary>
    public void TrimPool()
    {
        _floatPool.Trim();
        _doublePool.Trim();
    }

    /// <summary>
    /// A debugging aid (process-wide): when set, every new buffer is filled with NaN, as recycled
    /// memory could hold anything. A kernel that read its output before writing it would then
    /// change results; the tests run training with and without it and compare bitwise.
    /// </summary>
    public static bool FillNewBuffersWithNaN { get; set; }

    /// <inheritdoc />
    /// <remarks>
    /// A block of the dtype's size-class pool: warm memory once a step has run, so ops do not pay
    /// page faults on fresh arrays. Contents are unspecified by contract (every op writes its whole output).
    /// </remarks>
    protected override IDeviceBuffer AllocateCore(DType dtype, int length)
    {
        IDeviceBuffer buffer = dtype switch
        {
            DType.Float32 => new CpuBuffer<float>(_floatPool, length),
            DType.Float64 => new CpuBuffer<double>(_doublePool, length),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "cpu: unknown dtype"),
        };
        if (FillNewBuffersWithNaN)
        {
            if (buffer is CpuBuffer<float> f) f.Data.AsSpan().Fill(float.NaN);
            else ((CpuBuffer<double>)buffer).Data.AsSpan().Fill(double.NaN);
        }
        return buffer;
    }

    /// <inheritdoc />
    protected override IDeviceBuffer UploadCore(Array host, DType dtype)
    {
        var buffer = AllocateCore(dtype, host.Length);
        if (host is float[] f) f.CopyTo(((CpuBuffer<float>)buffer).Data, 0);
        else ((double[])host).CopyTo(((CpuBuffer<double>)buffer).Data, 0);
        return buffer;
    }

    /// <inheritdoc />
    protected override void DownloadCore(NDArray source, Array host)
    {
        IDeviceBuffer buffer = host is float[] f ? new CpuBuffer<float>(f) : new CpuBuffer<double>((double[])host);
        // The host array itself becomes the contiguous destination: one strided copy, no staging.
        Copy(source, new NDArray(buffer, source.Shape, Shape.ContiguousStrides(source.Shape)));
    }

    /// <inheritdoc />
    protected override void CopyCore(NDArray source, NDArray destination)
    {
        if (source.DType == DType.Float32) Copy<float>(source, destination);
        else Copy<double>(source, destination);
    }

    private static void Copy<T>(NDArray source, NDArray destination) where T : unmanaged
    {
        T[] s = DataOf<T>(source), d = DataOf<T>(destination);
        if (source.IsContiguous && destination.IsContiguous)
        {
            s.AsSpan(source.Offset, source.Numel).CopyTo(d.AsSpan(destination.Offset, destination.Numel));
            return;
        }
        StridedLoop.Run(destination.Shape, [destination.Strides, source.Strides], [destination.Offset, source.Offset],
            new CopyRow<T>(d, s));
    }

    /// <inheritdoc />
    protected override void FillCore(NDArray destination, double value)
    {
        if (destination.DType == DType.Float32)
            StridedLoop.Run(destination.Shape, [destination.Strides], [destination.Offset], new FillRow<float>(DataOf<float>(destination), (float)value));
        else
            StridedLoop.Run(destination.Shape, [destination.Strides], [destination.Offset], new FillRow<double>(DataOf<double>(destination), value));
    }

    /// <inheritdoc />
    protected override void FillRandomCore(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        if (destination.DType == DType.Float32) FillRandom(DataOf<float>(destination), destination.Offset, destination.Numel, distribution, p0, p1, seed, counter);
        else FillRandom(DataOf<double>(destination), destination.Offset, destination.Numel, distribution, p0, p1, seed, counter);
    }

    // Element i depends only on (seed, counter, i), so any split over threads gives the same numbers.
    private static void FillRandom<T>(T[] data, int offset, int n, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n < StridedLoop.ParallelThreshold / 4)
        {
            FillRandomRange(data.AsSpan(offset, n), 0, distribution, p0, p1, seed, counter);
            return;
        }
        const int chunk = 4096;
        Parallel.For(0, (n + chunk - 1) / chunk, CpuThreads.Options, c =>
        {
            var start = c * chunk;
            FillRandomRange(data.AsSpan(offset + start, Math.Min(chunk, n - start)), start, distribution, p0, p1, seed, counter);
        });
    }

    private static void FillRandomRange<T>(Span<T> part, int first, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (distribution == RandomDistribution.Uniform)
            for (var j = 0; j < part.Length; j++)
                part[j] = T.CreateTruncating(p0 + (p1 - p0) * CounterRng.Uniform(seed, counter + (ulong)(first + j)));
        else if (distribution == RandomDistribution.Normal)
            for (var j = 0; j < part.Length; j++)
                part[j] = T.CreateTruncating(p0 + p1 * CounterRng.Normal(seed, counter, (ulong)(first + j)));
        else throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "cpu: unknown distribution");
    }
}
