using System.Runtime.InteropServices;
using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    protected override IDeviceBuffer AllocateCore(DType dtype, int length) => new GpuBuffer(this, _memory, dtype, length);

    /// <inheritdoc />
    protected override IDeviceBuffer UploadCore(Array host, DType dtype)
    {
        var buffer = new GpuBuffer(this, _memory, dtype, host.Length);
        if (host.Length > 0) _runtime.Write(buffer.Handle, 0, HostBytes(host));
        return buffer;
    }

    /// <inheritdoc />
    protected override void DownloadCore(NDArray source, Array host)
    {
        if (!source.IsContiguous)
        {
            // Gather on the device first, so the transfer is one contiguous read.
            var dense = new NDArray(Allocate(source.DType, source.Numel), source.Shape, Shape.ContiguousStrides(source.Shape));
            Copy(source, dense);
            source = dense;
        }
        _runtime.Read(HandleOf(source, "download"), (long)source.Offset * source.DType.SizeOf(), HostBytes(host));
        GC.KeepAlive(source);
    }

    /// <inheritdoc />
    protected override void CopyCore(NDArray source, NDArray destination)
    {
        var g = Geometry.Elementwise("copy", destination.Shape, (destination.Strides, destination.Offset), (source.Strides, source.Offset));
        var args = new KernelArgs().Buffer(HandleOf(source, "copy")).Buffer(HandleOf(destination, "copy")).Struct(g).Int(destination.Numel);
        Launch1D(KernelFamily.Elementwise, source.DType, "ew_copy", destination.Numel, args);
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    /// <inheritdoc />
    protected override void FillCore(NDArray destination, double value)
    {
        var g = Geometry.Elementwise("fill", destination.Shape, (destination.Strides, destination.Offset));
        var args = new KernelArgs().Buffer(HandleOf(destination, "fill")).Struct(g).Int(destination.Numel).Scalar(value, Is64(destination));
        Launch1D(KernelFamily.Elementwise, destination.DType, "ew_fill", destination.Numel, args);
        GC.KeepAlive(destination);
    }

    /// <inheritdoc />
    protected override void FillRandomCore(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        var args = new KernelArgs().Buffer(HandleOf(destination, "fill_random")).Int(destination.Offset).Int(destination.Numel)
            .Int(distribution == RandomDistribution.Normal ? 1 : 0).Double(p0).Double(p1).ULong(seed).ULong(counter);
        Launch1D(KernelFamily.Random, destination.DType, "fill_random", destination.Numel, args);
        GC.KeepAlive(destination);
    }

    /// <summary>The bytes of a float[] or double[] host array (checked by the caller).</summary>
    private static Span<byte> HostBytes(Array host) =>
        host is float[] f ? MemoryMarshal.AsBytes(f.AsSpan()) : MemoryMarshal.AsBytes(((double[])host).AsSpan());
}
