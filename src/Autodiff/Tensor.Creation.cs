using Engine.Tensors;

namespace Engine.Autodiff;

public sealed partial class Tensor
{
    private static IBackend? _defaultBackend;

    /// <summary>
    /// The backend creation functions use when none is given. Autodiff names no concrete backend:
    /// the program (CLI, tests) sets this, e.g. to <c>CpuBackend.Instance</c>.
    /// </summary>
    public static IBackend DefaultBackend
    {
        get => _defaultBackend ?? throw new InvalidOperationException(
            "no default backend: set Tensor.DefaultBackend (e.g. to Engine.Kernels.Cpu.CpuBackend.Instance) or pass a backend");
        set => _defaultBackend = value;
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> (float[] gives float32, double[] float64) with the given shape.</summary>
    public static Tensor FromArray(Array data, int[] shape, bool requiresGrad = false, IBackend? backend = null) =>
        new(NDArray.FromArray(backend ?? DefaultBackend, data, shape), requiresGrad);

    /// <summary>A 1-D float64 tensor of the given values.</summary>
    public static Tensor FromValues(params double[] values) => FromArray(values, [values.Length]);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, bool requiresGrad = false, IBackend? backend = null) =>
        new(NDArray.Full(backend ?? DefaultBackend, dtype, value, shape), requiresGrad);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32, bool requiresGrad = false, IBackend? backend = null) =>
        Full(shape, 0.0, dtype, requiresGrad, backend);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(int[] shape, DType dtype = DType.Float32, bool requiresGrad = false, IBackend? backend = null) =>
        Full(shape, 1.0, dtype, requiresGrad, backend);

    /// <summary>start, start + step, ... (n values) as a 1-D tensor.</summary>
    public static Tensor Arange(int n, double start = 0, double step = 1, DType dtype = DType.Float32, IBackend? backend = null) =>
        new(NDArray.Arange(backend ?? DefaultBackend, dtype, n, start, step));

    /// <summary>Uniform on [low, high) from <paramref name="generator"/> (reproducible for a seed on every backend).</summary>
    public static Tensor Uniform(RandomStream generator, int[] shape, double low = 0, double high = 1, DType dtype = DType.Float32,
        bool requiresGrad = false, IBackend? backend = null)
    {
        var a = NDArray.Empty(backend ?? DefaultBackend, dtype, shape);
        if (a.Numel > 0) generator.Fill(a, RandomDistribution.Uniform, low, high);
        return new Tensor(a, requiresGrad);
    }

    /// <summary>Normal with the given mean and standard deviation from <paramref name="generator"/>.</summary>
    public static Tensor Normal(RandomStream generator, int[] shape, double mean = 0, double std = 1, DType dtype = DType.Float32,
        bool requiresGrad = false, IBackend? backend = null)
    {
        var a = NDArray.Empty(backend ?? DefaultBackend, dtype, shape);
        if (a.Numel > 0) generator.Fill(a, RandomDistribution.Normal, mean, std);
        return new Tensor(a, requiresGrad);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/> with <paramref name="like"/>'s dtype and backend.</summary>
    public static Tensor Scalar(double value, Tensor like) => new(NDArray.Full(like.Backend, like.DType, value));

    /// <summary>Zeros with this tensor's shape, dtype and backend.</summary>
    public Tensor ZerosLike() => new(NDArray.Zeros(Backend, DType, Shape));

    /// <summary>Ones with this tensor's shape, dtype and backend.</summary>
    public Tensor OnesLike() => new(NDArray.Full(Backend, DType, 1.0, Shape));

    /// <summary>The elements in row-major order as doubles (a host copy).</summary>
    public double[] ToDoubleArray() => Data.ToDoubleArray();

    /// <summary>The elements in row-major order as float[] (float32) or double[] (float64).</summary>
    public Array ToArray() => Data.ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public double Item() => Numel == 1 ? ToDoubleArray()[0]
        : throw new InvalidOperationException($"item: tensor has shape {ShapeString} ({Numel} elements); only one-element tensors have an item");
}
