namespace Engine.Kernels.Ilgpu;

/// <summary>
/// The side of the square thread groups of the explicitly grouped kernels (GEMM tiles of
/// Side x Side, reductions over Side * Side threads), as a type argument: ILGPU needs shared memory
/// sizes to be constants, and a static property of a type argument is one after specialisation.
/// GPUs take <see cref="Side16"/> (256 threads); ILGPU's CPU emulator runs a group as that many OS
/// threads meeting at every barrier, so it takes smaller groups (see <see cref="IlgpuBackend.Emulator"/>).
/// </summary>
internal interface IGroupSide
{
    /// <summary>Threads along one side of a group (a power of two).</summary>
    static abstract int Side { get; }
}

/// <summary>16 x 16 = 256 threads: GPUs.</summary>
internal readonly struct Side16 : IGroupSide
{
    public static int Side => 16;
}

/// <summary>4 x 4 = 16 threads.</summary>
internal readonly struct Side4 : IGroupSide
{
    public static int Side => 4;
}

/// <summary>2 x 2 = 4 threads: the emulator (a barrier among four OS threads is cheap).</summary>
internal readonly struct Side2 : IGroupSide
{
    public static int Side => 2;
}
