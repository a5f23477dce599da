namespace Engine.Kernels.Gpu;

/// <summary>
/// The seam between <see cref="GpuBackend"/> (which knows the kernels and the IBackend contract) and
/// one device API (OpenCL, CUDA). A runtime moves bytes, compiles a program from source and launches
/// a kernel; it knows nothing about tensors. Device allocations are opaque 64-bit handles (a cl_mem
/// pointer, a CUdeviceptr). All calls run on the backend's single in-order queue/stream.
/// </summary>
internal interface IGpuRuntime
{
    /// <summary>"opencl" or "cuda": picks the macro prelude the kernel sources compile under.</summary>
    string Dialect { get; }

    /// <summary>The device's name, for messages and the CLI.</summary>
    string DeviceName { get; }

    /// <summary>Total device memory in bytes.</summary>
    long TotalMemory { get; }

    /// <summary>Allocates <paramref name="bytes"/> (&gt; 0) of device memory; returns null when the device is out of memory.</summary>
    ulong? TryAllocate(long bytes);

    /// <summary>Frees an allocation from <see cref="TryAllocate"/>.</summary>
    void Free(ulong handle);

    /// <summary>Copies host bytes into a device allocation at a byte offset (blocking).</summary>
    void Write(ulong handle, long byteOffset, ReadOnlySpan<byte> source);

    /// <summary>Copies device bytes at a byte offset into host memory (blocking; waits for queued kernels).</summary>
    void Read(ulong handle, long byteOffset, Span<byte> destination);

    /// <summary>Compiles a full program source (prelude included); <paramref name="label"/> names it in errors.</summary>
    object Compile(string source, string label);

    /// <summary>A launchable kernel of a compiled program.</summary>
    object GetKernel(object program, string name);

    /// <summary>Launches <paramref name="kernel"/> over <paramref name="groups"/> work-groups (blocks) of <paramref name="local"/> work-items (threads) each, 3-D.</summary>
    void Launch(object kernel, string name, (int X, int Y, int Z) groups, (int X, int Y, int Z) local, KernelArgs args);

    /// <summary>Waits for every queued operation.</summary>
    void Synchronize();
}
