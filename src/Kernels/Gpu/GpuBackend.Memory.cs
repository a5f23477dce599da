using System.Runtime.InteropServices;
using Engine.Tensors;

namespace Engine.Kernels.Gpu;

public sealed partial class GpuBackend
{
    /// <inheritdoc />
    public IDeviceBuffer Allocate(DType dtype, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _ = dtype.SizeOf();  // rejects an unknown dtype before touching the device
        return new GpuBuffer(this, _memory, dtype, length);
    }

    /// <inheritdoc />
    public IDeviceBuffer Upload(Array host)
    {
        var dtype = OperandChecks.UploadDType(Name, host);
        var buffer = new GpuBuffer(this, _memory, dtype, host.Length);
        if (host.Length > 0) _runtime.Write(buffer.Handle, 0, HostBytes(host));
        return buffer;
    }

    /// <inheritdoc />
    public void Download(NDArray source, Array host)
    {
        OperandChecks.Download(Name, source, host);
        if (source.Numel == 0) return;
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
    public void Copy(NDArray source, NDArray destination)
    {
        OperandChecks.Copy(Name, source, destination);
        var g = Geometry.Elementwise("copy", destination.Shape, (destination.Strides, destination.Offset), (source.Strides, source.Offset));
        var args = new KernelArgs().Buffer(HandleOf(source, "copy")).Buffer(HandleOf(destination, "copy")).Struct(g).Int(destination.Numel);
        Launch1D(KernelFamily.Elementwise, source.DType, "ew_copy", destination.Numel, args);
        GC.KeepAlive(source);
        GC.KeepAlive(destination);
    }

    /// <inheritdoc />
    public void Fill(NDArray destination, double value)
    {
        var g = Geometry.Elementwise("fill", destination.Shape, (destination.Strides, destination.Offset));
        var args = new KernelArgs().Buffer(HandleOf(destination, "fill")).Struct(g).Int(destination.Numel).Scalar(value, Is64(destination));
        Launch1D(KernelFamily.Elementwise, destination.DType, "ew_fill", destination.Numel, args);
        GC.KeepAlive(destination);
    }

    /// <inheritdoc />
    public void FillRandom(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter)
    {
        if (!destination.IsContiguous)
            throw new ArgumentException($"{Name}: random fill needs a contiguous destination, got shape {destination.ShapeString} strides {Shape.Format(destination.Strides)}");
        if (distribution is not (RandomDistribution.Uniform or RandomDistribution.Normal))
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, $"{Name}: unknown distribution");
        var args = new KernelArgs().Buffer(HandleOf(destination, "fill_random")).Int(destination.Offset).Int(destination.Numel)
            .Int(distribution == RandomDistribution.Normal ? 1 : 0).Double(p0).Double(p1).ULong(seed).ULong(counter);
        Launch1D(KernelFamily.Random, destination.DType, "fill_random", destination.Numel, args);
        GC.KeepAlive(destination);
    }

    /// <summary>The bytes of a float[] or double[] host array (checked by the caller).</summary>
    private static Span<byte> HostBytes(Array host) =>
        host is float[] f ? MemoryMarshal.AsBytes(f.AsSpan()) : MemoryMarshal.AsBytes(((double[])host).AsSpan());
}
