using System.Runtime.InteropServices;

namespace Engine.Distributed.Mpi;

/// <summary>
/// The MPI entry points used, bound with <c>[LibraryImport]</c> to Open MPI's <c>libmpi.so.40</c>
/// (the soname of Open MPI 3, 4 and 5). Open MPI's handles (MPI_Comm, MPI_Datatype, MPI_Op) are
/// pointers to predefined objects, so MPI_COMM_WORLD is the address of the exported symbol
/// <c>ompi_mpi_comm_world</c>, read with <see cref="NativeLibrary.GetExport"/> (<see cref="MpiHandles"/>).
/// MPICH uses integer handles and another soname: it is not supported by this binding.
/// </summary>
internal static unsafe partial class MpiNative
{
    public const string Library = "libmpi.so.40";

    public const int Success = 0;

    /// <summary>MPI_THREAD_SERIALIZED: calls may come from any thread, one at a time (.NET may move the main loop between threads only at awaits, but be safe).</summary>
    public const int ThreadSerialized = 2;

    /// <summary>Open MPI's MPI_IN_PLACE: <c>(void *) 1</c>.</summary>
    public static readonly void* InPlace = (void*)1;

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(int* flag);

    [LibraryImport(Library, EntryPoint = "MPI_Finalized")]
    public static partial int Finalized(int* flag);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(int* argc, byte*** argv, int required, int* provided);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(nint comm, int* rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(nint comm, int* size);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(void* sendBuffer, void* receiveBuffer, int count, nint datatype, nint op, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(nint comm, int errorCode);

    [LibraryImport(Library, EntryPoint = "MPI_Error_string")]
    public static partial int ErrorString(int errorCode, byte* text, int* length);

    [LibraryImport(Library, EntryPoint = "MPI_Get_library_version")]
    public static partial int GetLibraryVersion(byte* text, int* length);

    /// <summary>MPI_MAX_ERROR_STRING and MPI_MAX_LIBRARY_VERSION_STRING of Open MPI 4 are 256; 8 KiB covers any version.</summary>
    public const int TextCapacity = 8192;
}

/// <summary>Open MPI's predefined handles: the addresses of its exported objects.</summary>
internal sealed class MpiHandles
{
    public MpiHandles(nint library)
    {
        nint Export(string name) => NativeLibrary.TryGetExport(library, name, out var address) ? address
            : throw new CollectiveException($"mpi: {MpiNative.Library} exports no '{name}' (not Open MPI? MPICH's integer handles are not supported)");
        CommWorld = Export("ompi_mpi_comm_world");
        Float = Export("ompi_mpi_float");
        Double = Export("ompi_mpi_double");
        Byte = Export("ompi_mpi_byte");
        Sum = Export("ompi_mpi_op_sum");
    }

    public nint CommWorld { get; }
    public nint Float { get; }
    public nint Double { get; }
    public nint Byte { get; }
    public nint Sum { get; }
}
