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
        ArgumentNullException.ThrowIfNull(host);
        var dtype = host switch
        {
            float[] => DType.Float32,
            double[] => DType.Float64,
            _ => throw new DTypeMismatchException(
                $"{Name}: cannot upload a {host.GetType().Name}: only float[] (float32) and double[] (float64) are supported"),
        };
        var buffer = new GpuBuffer(this, _memory, dtype, host.Length);
        if (host.Length > 0) _runtime.Write(buffer.Handle, 0, HostBytes(host));
        return buffer;
    }

    /// <inheritdoc />
    public void Download(NDArray source, Array host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length != source.Numel)
            throw new ShapeMismatchException(
                $"{Name}: download of {source.ShapeString} ({source.Numel} elements) into a host array of {host.Length} elements");
        if ((source.DType, host) is not ((DType.Float32, float[]) or (DType.Float64, double[])))
            throw new DTypeMismatchException(
                $"{Name}: download of a {source.DType.Name()} array into a {host.GetType().Name} ({(source.DType == DType.Float32 ? "float[]" : "double[]")} expected)");
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
        if (!Shape.Equal(source.Shape, destination.Shape))
            throw new ShapeMismatchException($"{Name}: copy from {source.ShapeString} to {destination.ShapeString}: shapes differ");
        if (source.DType != destination.DType)
            throw new DTypeMismatchException($"{Name}: copy from {source.DType.Name()} to {destination.DType.Name()}: dtypes differ");
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

    /// <summary>The bytes of a float[] or double[] host array.</summary>
    private static Span<byte> HostBytes(Array host) => host switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        _ => throw new DTypeMismatchException($"host array {host.GetType().Name}: float[] or double[] expected"),
    };
}
