using System.Numerics;
using Engine.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace Engine.Kernels.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    protected override IDeviceBuffer AllocateCore(DType dtype, int length)
    {
        lock (_gate) return new IlgpuBuffer(this, _pool, dtype, length);
    }

    /// <inheritdoc />
    protected override IDeviceBuffer UploadCore(Array host, DType dtype)
    {
        lock (_gate)
        {
            var buffer = new IlgpuBuffer(this, _pool, dtype, host.Length);
            if (host.Length == 0) return buffer;
            if (host is float[] f) buffer.View<float>().SubView(0, f.Length).CopyFromCPU(f);
            else buffer.View<double>().SubView(0, host.Length).CopyFromCPU((double[])host);
            return buffer;
        }
    }

    /// <inheritdoc />
    protected override void DownloadCore(NDArray source, Array host)
    {
        lock (_gate)
        {
            if (!source.IsContiguous)
            {
                // Gather on the device first, so the transfer is one contiguous read.
                var dense = new NDArray(Allocate(source.DType, source.Numel), source.Shape, Shape.ContiguousStrides(source.Shape));
                CopyCore(source, dense);
                source = dense;
            }
            if (host is float[] f) ViewOf<float>(source).SubView(source.Offset, f.Length).CopyToCPU(f);
            else ViewOf<double>(source).SubView(source.Offset, host.Length).CopyToCPU((double[])host);
        }
    }

    /// <inheritdoc />
    protected override void CopyCore(NDArray source, NDArray destination)
    {
        lock (_gate)
        {
            if (source.DType == DType.Float32) Copy<float>(source, destination);
            else Copy<double>(source, destination);
        }
    }

    private void Copy<T>(NDArray source, NDArray destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = Geometry(StridedIndex.Encode(destination.Shape, (destination.Strides, destination.Offset), (source.Strides, source.Offset)));
        Kernel("copy", typeof(T), typeof(void), a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<T>, ArrayView<int>>(ElementwiseKernels.Copy))
            (Extent(destination.Numel), Spread(destination.Numel), ViewOf<T>(source), ViewOf<T>(destination), g);
    }

    /// <inheritdoc />
    protected override void FillCore(NDArray destination, double value)
    {
        lock (_gate)
        {
            if (destination.DType == DType.Float32) Fill(destination, (float)value);
            else Fill(destination, value);
        }
    }

    private void Fill<T>(NDArray destination, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = Geometry(StridedIndex.Encode(destination.Shape, (destination.Strides, destination.Offset)));
        Kernel("fill", typeof(T), typeof(void), a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<T>, ArrayView<int>, T>(ElementwiseKernels.Fill))
            (Extent(destination.Numel), Spread(destination.Numel), ViewOf<T>(destination), g, value);
    }

    /// <inheritdoc />
    protected override void FillRandomCore(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        lock (_gate)
        {
            var normal = distribution == RandomDistribution.Normal ? 1 : 0;
            if (destination.DType == DType.Float32)
                Kernel("random", typeof(float), typeof(void),
                        a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<float>, int, int, double, double, ulong, ulong>(RandomKernels.Float32))
                    (Extent(destination.Numel), Spread(destination.Numel), ViewOf<float>(destination), destination.Offset, normal, p0, p1, seed, counter);
            else
                Kernel("random", typeof(double), typeof(void),
                        a => a.LoadAutoGroupedStreamKernel<Index1D, Lanes, ArrayView<double>, int, int, double, double, ulong, ulong>(RandomKernels.Float64))
                    (Extent(destination.Numel), Spread(destination.Numel), ViewOf<double>(destination), destination.Offset, normal, p0, p1, seed, counter);
        }
    }
}
