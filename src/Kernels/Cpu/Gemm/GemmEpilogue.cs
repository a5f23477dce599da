using System.Numerics;
using System.Runtime.Intrinsics;
using Engine.Tensors;

namespace Engine.Kernels.Cpu;

/// <summary>
/// What the GEMM does to a finished register tile while it is still in L1: add a bias per row
/// (a conv's output channel) or per column (Linear's output feature), then Relu or LeakyRelu.
/// It runs after the last K block, so each element is its full sum plus the bias, as an unfused
/// add computes it. Pointers, so the caller pins the bias for the duration of the product.
/// </summary>
internal readonly unsafe struct GemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* _rowBias, _colBias;
    private readonly UnaryOpKind? _activation;
    private readonly T _slope;

    public GemmEpilogue(T* rowBias, T* colBias, UnaryOp? activation)
    {
        _rowBias = rowBias;
        _colBias = colBias;
        _activation = activation?.Kind;
        _slope = T.CreateTruncating(activation?.Alpha ?? 0);
    }

    private GemmEpilogue(T* rowBias, T* colBias, UnaryOpKind? activation, T slope)
    {
        _rowBias = rowBias;
        _colBias = colBias;
        _activation = activation;
        _slope = slope;
    }

    /// <summary>No bias and no activation: the plain product.</summary>
    public bool IsNone => _rowBias == null && _colBias == null && _activation is null;

    /// <summary>The epilogue of the block of C starting at row <paramref name="i0"/>, column <paramref name="j0"/>.</summary>
    public GemmEpilogue<T> At(int i0, int j0) =>
        new(_rowBias == null ? null : _rowBias + i0, _colBias == null ? null : _colBias + j0, _activation, _slope);

    /// <summary>The same epilogue for the transposed product: a per-row bias becomes per-column and the other way round.</summary>
    public GemmEpilogue<T> Transposed() => new(_colBias, _rowBias, _activation, _slope);

    /// <summary>Applies the epilogue to C[0..mr, 0..nr] (row stride ldc) of the block this epilogue is <see cref="At"/>.</summary>
    public void Apply(T* c, int ldc, int mr, int nr)
    {
        switch (_activation)
        {
            case UnaryOpKind.Relu: Apply(c, ldc, mr, nr, new ReluOperator<T>()); break;
            case UnaryOpKind.LeakyRelu: Apply(c, ldc, mr, nr, new LeakyReluOperator<T>(_slope)); break;
            default: Apply(c, ldc, mr, nr, new IdentityOperator()); break;
        }
    }

    private void Apply<TAct>(T* c, int ldc, int mr, int nr, TAct act) where TAct : struct, IVectorUnaryOperator<T>
    {
        for (var i = 0; i < mr; i++)
        {
            T* row = c + (long)i * ldc;
            var rb = _rowBias == null ? T.Zero : _rowBias[i];
            var j = 0;
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
                for (var w = Vector512<T>.Count; j + w <= nr; j += w)
                {
                    var v = Vector512.Load(row + j);
                    if (_colBias != null) v += Vector512.Load(_colBias + j);
                    if (_rowBias != null) v += Vector512.Create(rb);
                    act.Invoke(v).Store(row + j);
                }
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
                for (var w = Vector256<T>.Count; j + w <= nr; j += w)
                {
                    var v = Vector256.Load(row + j);
                    if (_colBias != null) v += Vector256.Load(_colBias + j);
                    if (_rowBias != null) v += Vector256.Create(rb);
                    act.Invoke(v).Store(row + j);
                }
            for (; j < nr; j++)
            {
                var v = row[j];
                if (_colBias != null) v += _colBias[j];
                if (_rowBias != null) v += rb;
                row[j] = act.Invoke(v);
            }
        }
    }

    /// <summary>Bias only.</summary>
    private readonly struct IdentityOperator : IVectorUnaryOperator<T>
    {
        public T Invoke(T x) => x;
        public Vector256<T> Invoke(Vector256<T> x) => x;
        public Vector512<T> Invoke(Vector512<T> x) => x;
    }
}
