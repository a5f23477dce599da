using System.Numerics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    protected override IDeviceBuffer AllocateCore(DType dtype, int length)
    {
        return dtype switch
        {
            // Contents are unspecified by contract, so skip zeroing: every op writes its whole output,
            // and clearing a fresh 512 KB activation costs as much as the elementwise op that fills it.
            DType.Float32 => new CpuBuffer<float>(GC.AllocateUninitializedArray<float>(length)),
            DType.Float64 => new CpuBuffer<double>(GC.AllocateUninitializedArray<double>(length)),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "cpu: unknown dtype"),
        };
    }

    /// <inheritdoc />
    protected override IDeviceBuffer UploadCore(Array host, DType dtype) => dtype == DType.Float32
        ? new CpuBuffer<float>((float[])((float[])host).Clone())
        : new CpuBuffer<double>((double[])((double[])host).Clone());

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
