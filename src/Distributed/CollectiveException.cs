namespace Engine.Distributed;

/// <summary>A collective library (MPI, NCCL, the CUDA driver) returned an error, or could not be loaded.</summary>
public sealed class CollectiveException(string message, Exception? inner = null) : Exception(message, inner);
