using System.Runtime.InteropServices;

namespace Engine.Distributed.Nccl;

/// <summary>
/// The NCCL entry points used, written against NCCL 2's C API (<c>nccl.h</c>) and bound with
/// <c>[LibraryImport]</c> to <c>libnccl.so.2</c>, found at run time. UNVERIFIED: NCCL cannot be
/// installed on the machine this was written on (no GPU); it compiles and its declarations follow
/// nccl.h, but no call has run.
/// </summary>
internal static unsafe partial class NcclNative
{
    public const string Library = "libnccl.so.2";

    public const int Success = 0;

    /// <summary>ncclDataType_t values: ncclFloat32 = 7, ncclFloat64 = 8, ncclUint8 = 1.</summary>
    public const int Float32 = 7, Float64 = 8, Uint8 = 1;

    /// <summary>ncclRedOp_t ncclSum.</summary>
    public const int Sum = 0;

    /// <summary>NCCL_UNIQUE_ID_BYTES.</summary>
    public const int UniqueIdBytes = 128;

    [LibraryImport(Library, EntryPoint = "ncclGetVersion")]
    public static partial int GetVersion(int* version);

    [LibraryImport(Library, EntryPoint = "ncclGetUniqueId")]
    public static partial int GetUniqueId(NcclUniqueId* id);

    /// <summary>ncclCommInitRank(ncclComm_t* comm, int nranks, ncclUniqueId commId, int rank): the id is passed by value.</summary>
    [LibraryImport(Library, EntryPoint = "ncclCommInitRank")]
    public static partial int CommInitRank(nint* comm, int ranks, NcclUniqueId id, int rank);

    [LibraryImport(Library, EntryPoint = "ncclCommDestroy")]
    public static partial int CommDestroy(nint comm);

    [LibraryImport(Library, EntryPoint = "ncclCommAbort")]
    public static partial int CommAbort(nint comm);

    [LibraryImport(Library, EntryPoint = "ncclAllReduce")]
    public static partial int AllReduce(nint sendBuffer, nint receiveBuffer, nuint count, int datatype, int op, nint comm, nint stream);

    [LibraryImport(Library, EntryPoint = "ncclBroadcast")]
    public static partial int Broadcast(nint sendBuffer, nint receiveBuffer, nuint count, int datatype, int root, nint comm, nint stream);

    [LibraryImport(Library, EntryPoint = "ncclGetErrorString")]
    public static partial byte* GetErrorString(int result);
}

/// <summary>ncclUniqueId: <c>typedef struct { char internal[NCCL_UNIQUE_ID_BYTES]; } ncclUniqueId;</c></summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NcclUniqueId
{
    public fixed byte Internal[NcclNative.UniqueIdBytes];
}
