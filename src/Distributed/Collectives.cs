using Engine.Distributed.Mpi;
using Engine.Distributed.Nccl;

namespace Engine.Distributed;

/// <summary>Picks the collective implementation by name.</summary>
public static class Collectives
{
    /// <summary>The accepted names: auto (MPI under mpirun, else a single process), single, mpi, nccl.</summary>
    public static readonly string[] Names = ["auto", "single", "mpi", "nccl"];

    /// <summary>
    /// The collective called <paramref name="name"/>. "auto" is Open MPI when this process was
    /// started by mpirun (OMPI_COMM_WORLD_SIZE is set) and the single process otherwise, so a plain
    /// run needs no MPI installed.
    /// </summary>
    public static ICollective Open(string name) => name switch
    {
        "auto" => MpiCollective.LaunchedByMpirun ? MpiCollective.Open() : SingleProcess.Instance,
        "single" => SingleProcess.Instance,
        "mpi" => MpiCollective.Open(),
        "nccl" => NcclCollective.Open(),
        _ => throw new ArgumentException($"unknown collective '{name}'; expected one of: {string.Join(", ", Names)}"),
    };
}
