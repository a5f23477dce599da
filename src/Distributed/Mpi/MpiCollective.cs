using System.Runtime.InteropServices;
using System.Text;

namespace Engine.Distributed.Mpi;

/// <summary>
/// The collectives on Open MPI's MPI_COMM_WORLD, for processes started by <c>mpirun -np N</c>.
/// MPI can be initialised once per process and not again after MPI_Finalize, so there is one
/// instance per process (<see cref="Open"/>); disposing it finalises MPI. All-reduce works in
/// place (MPI_IN_PLACE); counts above int.MaxValue are sent in pieces.
/// </summary>
public sealed unsafe class MpiCollective : ICollective
{
    private static readonly Lock Gate = new();
    private static MpiCollective? _instance;
    private readonly MpiHandles _handles;
    private bool _finalized;

    private MpiCollective(MpiHandles handles, int rank, int size, string version)
    {
        _handles = handles;
        Rank = rank;
        Size = size;
        Name = version;
    }

    /// <summary>True when this process was started by Open MPI's mpirun (it sets OMPI_COMM_WORLD_SIZE).</summary>
    public static bool LaunchedByMpirun => Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null;

    /// <summary>The process's MPI_COMM_WORLD, initialising MPI on first use; throws <see cref="CollectiveException"/> when Open MPI cannot be loaded.</summary>
    public static MpiCollective Open()
    {
        lock (Gate)
        {
            if (_instance is { _finalized: false }) return _instance;
            if (_instance is not null) throw new CollectiveException("mpi: MPI was finalised in this process and cannot be initialised again");
            if (!NativeLibrary.TryLoad(MpiNative.Library, out var library))
                throw new CollectiveException($"mpi: cannot load {MpiNative.Library} (install Open MPI: apt-get install openmpi-bin libopenmpi-dev)");
            var handles = new MpiHandles(library);
            int initialized, provided, rank, size;
            Check(MpiNative.Initialized(&initialized), "MPI_Initialized");
            if (initialized == 0) Check(MpiNative.InitThread(null, null, MpiNative.ThreadSerialized, &provided), "MPI_Init_thread");
            Check(MpiNative.CommRank(handles.CommWorld, &rank), "MPI_Comm_rank");
            Check(MpiNative.CommSize(handles.CommWorld, &size), "MPI_Comm_size");
            return _instance = new MpiCollective(handles, rank, size, LibraryVersion());
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <inheritdoc />
    public void AllReduceSum(Span<float> values) => AllReduce(values, _handles.Float);

    /// <inheritdoc />
    public void AllReduceSum(Span<double> values) => AllReduce(values, _handles.Double);

    private void AllReduce<T>(Span<T> values, nint datatype) where T : unmanaged
    {
        ThrowIfFinalized();
        for (var start = 0; start < values.Length; start += int.MaxValue)
        {
            var piece = values.Slice(start, Math.Min(int.MaxValue, values.Length - start));
            fixed (T* p = piece) Check(MpiNative.Allreduce(MpiNative.InPlace, p, piece.Length, datatype, _handles.Sum, _handles.CommWorld), "MPI_Allreduce");
        }
    }

    /// <inheritdoc />
    public void Broadcast(Span<byte> values, int root)
    {
        ThrowIfFinalized();
        CollectiveChecks.Root(this, root);
        for (var start = 0; start < values.Length; start += int.MaxValue)
        {
            var piece = values.Slice(start, Math.Min(int.MaxValue, values.Length - start));
            fixed (byte* p = piece) Check(MpiNative.Bcast(p, piece.Length, _handles.Byte, root, _handles.CommWorld), "MPI_Bcast");
        }
    }

    /// <inheritdoc />
    public void Barrier()
    {
        ThrowIfFinalized();
        Check(MpiNative.Barrier(_handles.CommWorld), "MPI_Barrier");
    }

    /// <inheritdoc />
    public void Abort(int exitCode)
    {
        Console.Error.Flush();
        Console.Out.Flush();
        MpiNative.Abort(_handles.CommWorld, exitCode);
        Environment.Exit(exitCode); // MPI_Abort does not return; this is for an MPI that does
    }

    /// <summary>Finalises MPI (collective: every rank must dispose).</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_finalized) return;
            _finalized = true;
            int done;
            if (MpiNative.Finalized(&done) == MpiNative.Success && done == 0) Check(MpiNative.Finalize(), "MPI_Finalize");
        }
    }

    private void ThrowIfFinalized() => ObjectDisposedException.ThrowIf(_finalized, this);

    private static void Check(int code, string call)
    {
        if (code == MpiNative.Success) return;
        var text = stackalloc byte[MpiNative.TextCapacity];
        var length = 0;
        var message = MpiNative.ErrorString(code, text, &length) == MpiNative.Success ? Encoding.ASCII.GetString(text, length) : "unknown error";
        throw new CollectiveException($"mpi: {call} failed with error {code}: {message}");
    }

    private static string LibraryVersion()
    {
        var text = stackalloc byte[MpiNative.TextCapacity];
        var length = 0;
        if (MpiNative.GetLibraryVersion(text, &length) != MpiNative.Success) return "MPI";
        // "Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: ..., May 26, 2022": keep the first clause.
        var full = Encoding.ASCII.GetString(text, length).Trim('\0', ' ', '\n');
        var comma = full.IndexOf(',');
        return comma > 0 ? full[..comma] : full;
    }
}
