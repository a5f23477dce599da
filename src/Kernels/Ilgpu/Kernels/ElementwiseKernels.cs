using System.Numerics;
using Engine.Kernels.Cpu;
using ILGPU;

namespace Engine.Kernels.Ilgpu;

/// <summary>
/// Elementwise kernels over strided and broadcast views: one thread per output element, each
/// calling the op's one scalar definition (the operator structs the CPU uses).
/// </summary>
internal static class ElementwiseKernels
{
    public static void Unary<T, TOp>(Index1D lane, Lanes lanes, ArrayView<T> x, ArrayView<T> y, ArrayView<int> g, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IUnaryOperator<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            y[StridedIndex.Offset(g, i, 0)] = op.Invoke(x[StridedIndex.Offset(g, i, 1)]);
    }

    public static void Binary<T, TOp>(Index1D lane, Lanes lanes, ArrayView<T> a, ArrayView<T> b, ArrayView<T> y, ArrayView<int> g, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IBinaryOperator<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            y[StridedIndex.Offset(g, i, 0)] = op.Invoke(a[StridedIndex.Offset(g, i, 1)], b[StridedIndex.Offset(g, i, 2)]);
    }

    // cond != 0 ? a : b
    public static void Where<T>(Index1D lane, Lanes lanes, ArrayView<T> cond, ArrayView<T> a, ArrayView<T> b, ArrayView<T> y, ArrayView<int> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            y[StridedIndex.Offset(g, i, 0)] = cond[StridedIndex.Offset(g, i, 1)] != T.Zero ? a[StridedIndex.Offset(g, i, 2)] : b[StridedIndex.Offset(g, i, 3)];
    }

    public static void Copy<T>(Index1D lane, Lanes lanes, ArrayView<T> source, ArrayView<T> destination, ArrayView<int> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            destination[StridedIndex.Offset(g, i, 0)] = source[StridedIndex.Offset(g, i, 1)];
    }

    public static void Fill<T>(Index1D lane, Lanes lanes, ArrayView<T> destination, ArrayView<int> g, T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = lane.X; i < lanes.Count; i += lanes.Threads)
            destination[StridedIndex.Offset(g, i, 0)] = value;
    }
}
