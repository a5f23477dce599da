using System.Runtime.InteropServices;
using Engine.Distributed.Mpi;

namespace Engine.Distributed.Nccl;

/// <summary>
/// Collectives between GPUs with NCCL, one process per GPU, started by <c>mpirun</c>: rank 0 makes
/// an ncclUniqueId, MPI broadcasts it, and every rank calls ncclCommInitRank on the GPU
/// <c>OMPI_COMM_WORLD_LOCAL_RANK</c> mod the device count. <see cref="AllReduceSumOnDevice"/> reduces a
/// buffer already on the GPU on a CUDA stream (what a GPU backend hands over); the host-span
/// methods of <see cref="ICollective"/> stage through a device buffer. Barrier and abort go through MPI.
/// UNVERIFIED: written against NCCL's C API and compile-checked only; no GPU or NCCL was available.
/// </summary>
public sealed unsafe class NcclCollective : ICollective
{
    private readonly MpiCollective _mpi;
    private readonly int _device;
    private nint _comm, _context, _stream, _staging;
    private nuint _stagingBytes;

    private NcclCollective(MpiCollective mpi, int device, nint context, nint stream, nint comm, string version)
    {
        _mpi = mpi;
        _device = device;
        _context = context;
        _stream = stream;
        _comm = comm;
        Name = $"{version} over {mpi.Name}, GPU {device}";
    }

    /// <summary>Opens MPI, picks this rank's GPU and builds the NCCL communicator over MPI_COMM_WORLD.</summary>
    public static NcclCollective Open()
    {
        var mpi = MpiCollective.Open();
        if (!NativeLibrary.TryLoad(NcclNative.Library, out _))
            throw new CollectiveException($"nccl: cannot load {NcclNative.Library} (install NCCL 2, e.g. the libnccl2 package of NVIDIA's CUDA repository)");
        if (!NativeLibrary.TryLoad(CudaDriverNative.Library, out _))
            throw new CollectiveException($"nccl: cannot load {CudaDriverNative.Library} (no NVIDIA driver)");
        int count, device, version;
        Cuda(CudaDriverNative.Init(0), "cuInit");
        Cuda(CudaDriverNative.DeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0) throw new CollectiveException("nccl: no CUDA device");
        var local = int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_RANK"), out var l) ? l : mpi.Rank;
        Cuda(CudaDriverNative.DeviceGet(&device, local % count), "cuDeviceGet");
        nint context, stream, comm;
        Cuda(CudaDriverNative.DevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        Cuda(CudaDriverNative.CtxSetCurrent(context), "cuCtxSetCurrent");
        Cuda(CudaDriverNative.StreamCreate(&stream, 0), "cuStreamCreate");

        NcclUniqueId id = default;
        if (mpi.Rank == 0) Nccl(NcclNative.GetUniqueId(&id), "ncclGetUniqueId");
        mpi.Broadcast(new Span<byte>(&id, NcclNative.UniqueIdBytes), root: 0);
        Nccl(NcclNative.CommInitRank(&comm, mpi.Size, id, mpi.Rank), "ncclCommInitRank");
        Nccl(NcclNative.GetVersion(&version), "ncclGetVersion");
        // NCCL_VERSION_CODE = major * 10000 + minor * 100 + patch since 2.9.
        return new NcclCollective(mpi, local % count, context, stream, comm, $"NCCL {version / 10000}.{version / 100 % 100}.{version % 100}");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Rank => _mpi.Rank;

    /// <inheritdoc />
    public int Size => _mpi.Size;

    /// <summary>The CUDA stream the host-span collectives run on.</summary>
    public nint Stream => _stream;

    /// <summary>
    /// ncclAllReduce(sum) in place on <paramref name="count"/> elements of float32 or float64 at
    /// <paramref name="devicePointer"/>, queued on <paramref name="stream"/> (the caller synchronises).
    /// </summary>
    public void AllReduceSumOnDevice(nint devicePointer, long count, Engine.Tensors.DType dtype, nint stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var type = dtype == Engine.Tensors.DType.Float64 ? NcclNative.Float64 : NcclNative.Float32;
        Nccl(NcclNative.AllReduce(devicePointer, devicePointer, (nuint)count, type, NcclNative.Sum, _comm, stream), "ncclAllReduce");
    }

    /// <inheritdoc />
    public void AllReduceSum(Span<float> values) => Staged(values, NcclNative.Float32, root: -1);

    /// <inheritdoc />
    public void AllReduceSum(Span<double> values) => Staged(values, NcclNative.Float64, root: -1);

    /// <inheritdoc />
    public void Broadcast(Span<byte> values, int root)
    {
        CollectiveChecks.Root(this, root);
        Staged(values, NcclNative.Uint8, root);
    }

    /// <summary>Host span -> device -> all-reduce (root -1) or broadcast from root -> host, on the collective's stream.</summary>
    private void Staged<T>(Span<T> values, int type, int root) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_comm == 0, this);
        if (values.IsEmpty) return;
        var bytes = (nuint)(values.Length * sizeof(T));
        if (bytes > _stagingBytes)
        {
            if (_staging != 0) Cuda(CudaDriverNative.MemFree(_staging), "cuMemFree");
            nint p;
            Cuda(CudaDriverNative.MemAlloc(&p, bytes), "cuMemAlloc");
            (_staging, _stagingBytes) = (p, bytes);
        }
        fixed (T* host = values)
        {
            Cuda(CudaDriverNative.MemcpyHtoDAsync(_staging, host, bytes, _stream), "cuMemcpyHtoDAsync");
            Nccl(root < 0
                ? NcclNative.AllReduce(_staging, _staging, (nuint)values.Length, type, NcclNative.Sum, _comm, _stream)
                : NcclNative.Broadcast(_staging, _staging, (nuint)values.Length, type, root, _comm, _stream), root < 0 ? "ncclAllReduce" : "ncclBroadcast");
            Cuda(CudaDriverNative.MemcpyDtoHAsync(host, _staging, bytes, _stream), "cuMemcpyDtoHAsync");
            Cuda(CudaDriverNative.StreamSynchronize(_stream), "cuStreamSynchronize");
        }
    }

    /// <inheritdoc />
    public void Barrier() => _mpi.Barrier();

    /// <inheritdoc />
    public void Abort(int exitCode)
    {
        if (_comm != 0) NcclNative.CommAbort(_comm);
        _mpi.Abort(exitCode);
    }

    /// <summary>Destroys the communicator and the stream, then finalises MPI.</summary>
    public void Dispose()
    {
        if (_comm == 0) return;
        NcclNative.CommDestroy(_comm);
        _comm = 0;
        if (_staging != 0) CudaDriverNative.MemFree(_staging);
        if (_stream != 0) CudaDriverNative.StreamDestroy(_stream);
        if (_context != 0) CudaDriverNative.DevicePrimaryCtxRelease(_device);
        (_staging, _stream, _context) = (0, 0, 0);
        _mpi.Dispose();
    }

    private static void Nccl(int result, string call)
    {
        if (result == NcclNative.Success) return;
        var text = Marshal.PtrToStringUTF8((nint)NcclNative.GetErrorString(result)) ?? "unknown error";
        throw new CollectiveException($"nccl: {call} failed with error {result}: {text}");
    }

    private static void Cuda(int result, string call)
    {
        if (result == CudaDriverNative.Success) return;
        byte* text = null;
        var message = CudaDriverNative.GetErrorString(result, &text) == CudaDriverNative.Success ? Marshal.PtrToStringUTF8((nint)text) : null;
        throw new CollectiveException($"nccl: {call} failed with CUDA error {result}: {message ?? "unknown error"}");
    }
}
