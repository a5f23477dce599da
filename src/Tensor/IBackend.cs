namespace Engine.Tensors;

/// <summary>
/// The narrow contract every compute backend (CPU, OpenCL, CUDA) implements. Callers validate
/// shapes and dtypes before calling; a backend may assume that inputs share its dtype and that
/// output arrays are contiguous, freshly allocated and alias no input. Inputs may be any strided
/// view, including broadcast views with stride 0.
/// </summary>
public interface IBackend
{
    /// <summary>Short name used in messages and CLI output ("cpu", "opencl:pthread-...").</summary>
    string Name { get; }

    /// <summary>
    /// Blocks until all work queued on this backend has finished. GPU backends queue kernels and
    /// return at once, so a timing must end here; the CPU backend runs synchronously and returns at once.
    /// </summary>
    void Synchronize();

    /// <summary>Allocates <paramref name="length"/> elements; contents are unspecified.</summary>
    IDeviceBuffer Allocate(DType dtype, int length);

    /// <summary>Copies a host array (float[] or double[]) into a new buffer.</summary>
    IDeviceBuffer Upload(Array host);

    /// <summary>Copies the elements of <paramref name="source"/> in row-major order into <paramref name="host"/> (float[] or double[] of its dtype).</summary>
    void Download(NDArray source, Array host);

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (same shape, any strides; destination may be a view).</summary>
    void Copy(NDArray source, NDArray destination);

    /// <summary>Sets every element of <paramref name="destination"/> (any strides) to <paramref name="value"/>.</summary>
    void Fill(NDArray destination, double value);

    /// <summary>y = op(x), elementwise; x has y's shape.</summary>
    void Unary(UnaryOp op, NDArray x, NDArray y);

    /// <summary>y = op(a, b), elementwise; a and b already broadcast to y's shape.</summary>
    void Binary(BinaryOpKind op, NDArray a, NDArray b, NDArray y);

    /// <summary>y = op(a, b, c), elementwise; all inputs already broadcast to y's shape.</summary>
    void Ternary(TernaryOpKind op, NDArray a, NDArray b, NDArray c, NDArray y);

    /// <summary>Reduces x over <paramref name="axes"/> (sorted, distinct) into y, whose shape is x's with those axes set to 1.</summary>
    void Reduce(ReduceOpKind op, NDArray x, int[] axes, NDArray y);

    /// <summary>
    /// Batched matrix product c = a @ b with a [..., M, K], b [..., K, N], c [..., M, N]; the batch
    /// dimensions of a and b are already broadcast to c's. a and b may be transposed views. With an
    /// <paramref name="epilogue"/>, c = act(a @ b + bias) with bias [N] (Linear's addmm and activation).
    /// </summary>
    void MatMul(NDArray a, NDArray b, NDArray c, Epilogue? epilogue = null);

    /// <summary>
    /// Fills <paramref name="destination"/> (contiguous) from <paramref name="distribution"/> with the
    /// counter-based random numbers of <see cref="CounterRng"/>: element i uses counter
    /// <paramref name="counter"/> + i (uniform) or + 2i, 2i+1 (normal), so every backend draws the same numbers.
    /// </summary>
    void FillRandom(NDArray destination, RandomDistribution distribution, double p0, double p1, ulong seed, ulong counter);

    /// <summary>
    /// 2-D convolution (cross-correlation, groups = 1): x [N, C, H, W], w [O, C, kH, kW],
    /// y [N, O, Ho, Wo]. With an <paramref name="epilogue"/>, y = act(conv + bias) with bias [O],
    /// applied in the kernel.
    /// </summary>
    void Conv2dForward(NDArray x, NDArray w, NDArray y, Conv2dGeometry geometry, Epilogue? epilogue = null);

    /// <summary>
    /// Gradient of <see cref="Conv2dForward"/> with respect to x (a transposed convolution):
    /// gy [N, O, Ho, Wo], w [O, C, kH, kW] into gx [N, C, H, W]. gx's H, W are given by its shape,
    /// which is how ConvTranspose2d's output_padding is expressed.
    /// </summary>
    void Conv2dGradInput(NDArray gy, NDArray w, NDArray gx, Conv2dGeometry geometry);

    /// <summary>Gradient of <see cref="Conv2dForward"/> with respect to w: x [N, C, H, W], gy [N, O, Ho, Wo] into gw [O, C, kH, kW].</summary>
    void Conv2dGradWeight(NDArray x, NDArray gy, NDArray gw, Conv2dGeometry geometry);

    /// <summary>
    /// Fused layer norm over the last dimension of x viewed as [rows, d] (contiguous):
    /// y = (x - mean) * rstd * w + b with rstd = 1 / sqrt(var + eps) (biased variance);
    /// saves mean [rows] and rstd [rows]. w and b [d] are optional (null: no affine).
    /// </summary>
    void LayerNormForward(NDArray x, NDArray? w, NDArray? b, double eps, NDArray y, NDArray mean, NDArray rstd);

    /// <summary>
    /// Fused layer norm backward (used when no graph is recorded): from gy, x, the saved mean and
    /// rstd and w, writes gx [rows, d] and, when given, gw [d] and gb [d].
    /// </summary>
    void LayerNormBackward(NDArray gy, NDArray x, NDArray mean, NDArray rstd, NDArray? w, NDArray gx, NDArray? gw, NDArray? gb);

    /// <summary>
    /// One fused Adam update, in place on <paramref name="param"/>, <paramref name="expAvg"/> and
    /// <paramref name="expAvgSq"/> (all contiguous, of one shape and dtype; <paramref name="grad"/>
    /// contiguous too). The only in-place kernel: an optimizer step touches each element once
    /// instead of through a dozen elementwise ops and their temporaries.
    /// </summary>
    void AdamUpdate(NDArray param, NDArray grad, NDArray expAvg, NDArray expAvgSq, AdamStep step);

    /// <summary>One fused RMSProp update, in place on <paramref name="param"/> and <paramref name="squareAvg"/> (same layout rules as <see cref="AdamUpdate"/>).</summary>
    void RmsPropUpdate(NDArray param, NDArray grad, NDArray squareAvg, RmsPropStep step);
}
