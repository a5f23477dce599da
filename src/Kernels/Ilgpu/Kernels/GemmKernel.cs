using System.Numerics;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>Sizes and strides of one batched product c = a @ b (c contiguous from COffset).</summary>
internal readonly record struct GemmShape(int M, int N, int K, int Sa0, int Sa1, int Sb0, int Sb1, int COffset);

/// <summary>
/// Batched GEMM tiled in shared memory: a group of Tile x Tile threads computes one Tile x Tile
/// block of c, loading a Tile-wide slice of a's rows and b's columns per step. Grid: (column
/// blocks, row blocks, batch); aOffsets/bOffsets give each batch matrix's first element. The tile
/// side is the type argument TSide (16 on GPUs, smaller on the emulator).
/// </summary>
internal static class GemmKernel
{
    public static void Run<T, TSide>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, ArrayView<int> aOffsets, ArrayView<int> bOffsets, GemmShape s)
        where T : unmanaged, IFloatingPointIeee754<T> where TSide : struct, IGroupSide
    {
        var tile = TSide.Side;
        var tileA = SharedMemory.Allocate<T>(tile * tile);
        var tileB = SharedMemory.Allocate<T>(tile * tile);
        int tx = Group.IdxX, ty = Group.IdxY, batch = Grid.IdxZ;
        int row = Grid.IdxY * tile + ty, col = Grid.IdxX * tile + tx;
        int ao = aOffsets[batch], bo = bOffsets[batch];
        var acc = T.Zero;
        for (var k0 = 0; k0 < s.K; k0 += tile)
        {
            int ka = k0 + tx, kb = k0 + ty;
            tileA[ty * tile + tx] = row < s.M && ka < s.K ? a[ao + row * s.Sa0 + ka * s.Sa1] : T.Zero;
            tileB[ty * tile + tx] = kb < s.K && col < s.N ? b[bo + kb * s.Sb0 + col * s.Sb1] : T.Zero;
            Group.Barrier();
            for (var kk = 0; kk < tile; kk++) acc += tileA[ty * tile + kk] * tileB[kk * tile + tx];
            Group.Barrier();
        }
        if (row < s.M && col < s.N) c[s.COffset + (batch * s.M + row) * s.N + col] = acc;
    }
}
