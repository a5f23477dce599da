using System.Numerics;
using System.Runtime.Intrinsics;

namespace Engine.Kernels.Cpu;

/// <summary>
/// Tile and cache-block sizes of the blocked GEMM for one element type. Static readonly fields of a
/// generic class over a value type are constants to the tier-1 JIT, so the branches on
/// <see cref="Path"/> and the sizes fold away.
/// </summary>
internal static class GemmConfig<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Which micro-kernel runs: 512 (Vector512), 256 (Vector256) or 0 (scalar).</summary>
    public static readonly int Path =
        Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported ? 512 :
        Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? 256 : 0;

    /// <summary>Rows of the register tile (broadcast from packed A).</summary>
    public static readonly int MR = Path == 512 ? GemmKernel512<T>.MR : Path == 256 ? GemmKernel256<T>.MR : GemmKernelScalar<T>.MR;

    /// <summary>Columns of the register tile (vector loads from packed B).</summary>
    public static readonly int NR = Path == 512 ? GemmKernel512<T>.NR : Path == 256 ? GemmKernel256<T>.NR : GemmKernelScalar<T>.NR;

    /// <summary>
    /// Depth of one packed block. Fewer, longer K blocks mean fewer passes over C; 384 measured best
    /// here (160-384 are within a few percent: the prefetchers keep the KC x NR panel of B close).
    /// </summary>
    public static readonly int KC = 384;

    /// <summary>Rows of A packed at once: an MC x KC block lives in L2 (1 MiB here).</summary>
    public static readonly int MC = (128 + MR - 1) / MR * MR;

    /// <summary>Columns of B packed at once: a KC x NC block lives in L3 and is reused by every MC block.</summary>
    public static readonly int NC = (2048 / NR + 1) * NR;
}
