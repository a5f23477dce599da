namespace Engine.Kernels.Gpu;

/// <summary>A GPU runtime failure: a missing driver library or device, a kernel that does not compile, a failed launch or allocation. The message names the API, the call and its status.</summary>
public sealed class GpuException : Exception
{
    /// <summary>Creates the exception with a message that names what failed.</summary>
    public GpuException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying cause (e.g. a missing native library).</summary>
    public GpuException(string message, Exception inner) : base(message, inner) { }
}
