using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>
/// Spectral normalisation of a weight (Miyato et al. 2018), as torch.nn.utils.spectral_norm does it:
/// W_sn = W / sigma(W) with sigma = u^T W v estimated by one power-iteration step per training
/// forward. u and v are buffers (no gradient flows through them); the gradient flows through W and
/// sigma. W is viewed as a matrix [out, rest].
/// </summary>
public sealed class SpectralNormalizer
{
    private readonly double _eps;

    /// <summary>Creates u [out] and v [rest] as normalised random vectors.</summary>
    public SpectralNormalizer(int[] weightShape, RandomStream rng, DType dtype, IBackend? backend = null, double eps = 1e-12)
    {
        _eps = eps;
        var rows = weightShape[0];
        var cols = weightShape.Skip(1).Aggregate(1, (a, b) => a * b);
        U = Normalize(Tensor.Normal(rng, [rows], dtype: dtype, backend: backend));
        V = Normalize(Tensor.Normal(rng, [cols], dtype: dtype, backend: backend));
    }

    /// <summary>The left singular vector estimate (PyTorch's weight_u).</summary>
    public Tensor U { get; private set; }

    /// <summary>The right singular vector estimate (PyTorch's weight_v).</summary>
    public Tensor V { get; private set; }

    private Tensor? _lastSigma;

    /// <summary>
    /// The last sigma computed (for logging); read on demand, so a device backend is not synchronised
    /// every forward. NaN before the first forward and once the buffer scope of that forward has ended.
    /// </summary>
    public double LastSigma => _lastSigma is { IsReleased: false } sigma ? sigma.Item() : double.NaN;

    /// <summary>Returns W / sigma(W); when <paramref name="update"/>, first advances the power iteration one step.</summary>
    public Tensor Apply(Tensor weight, bool update)
    {
        var w = weight.Reshape(weight.Shape[0], -1);
        if (update)
        {
            using (GradMode.NoGrad())
            {
                var wd = w.Detach();
                // v <- W^T u / ||W^T u||, u <- W v / ||W v||
                var v = Normalize(wd.Transpose().MatMul(U.Reshape(-1, 1)).Reshape(-1));
                var u = Normalize(wd.MatMul(v.Reshape(-1, 1)).Reshape(-1));
                CopyInto(v, V);
                CopyInto(u, U);
            }
        }
        // sigma = u^T W v, differentiable in W
        var sigma = U.Reshape(1, -1).MatMul(w).MatMul(V.Reshape(-1, 1)).Reshape([]);
        _lastSigma = sigma.Detach();
        return weight / sigma;
    }

    private Tensor Normalize(Tensor x) => x / ((x * x).Sum().Sqrt() + _eps);

    // u and v keep their identity (they are registered buffers), so new values are copied in.
    private static void CopyInto(Tensor source, Tensor destination) => destination.Backend.Copy(source.Data, destination.Data);
}
