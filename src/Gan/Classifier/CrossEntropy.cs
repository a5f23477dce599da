using Engine.Autodiff;

namespace Engine.Gan.Classifier;

/// <summary>Softmax and softmax cross-entropy over the last axis, composed of differentiable ops (no rule of their own).</summary>
public static class CrossEntropy
{
    /// <summary>log softmax(z) = (z - m) - log sum exp(z - m), with m = max z held constant so exp never overflows.</summary>
    public static Tensor LogSoftmax(Tensor logits)
    {
        // The shift cancels in the result, so its gradient is zero: detaching it changes nothing but the graph's size.
        var shifted = logits - logits.Max(-1, keepDim: true).Detach();
        return shifted - shifted.Exp().Sum(-1, keepDim: true).Log();
    }

    /// <summary>softmax(z) = exp(log softmax(z)).</summary>
    public static Tensor Softmax(Tensor logits) => LogSoftmax(logits).Exp();

    /// <summary>Mean over the batch of -log softmax(z)[label]; <paramref name="oneHot"/> is [N, classes] with a single 1 per row.</summary>
    public static Tensor Loss(Tensor logits, Tensor oneHot)
    {
        if (!logits.Shape.SequenceEqual(oneHot.Shape))
            throw new Engine.Tensors.ShapeMismatchException($"cross-entropy: logits {logits.ShapeString} and one-hot labels {oneHot.ShapeString} differ in shape");
        return -(LogSoftmax(logits) * oneHot).Sum() / logits.Shape[0];
    }

    /// <summary>One-hot rows [labels.Length, classes] as a constant tensor like <paramref name="like"/> (dtype, backend).</summary>
    public static Tensor OneHot(ReadOnlySpan<byte> labels, int classes, Tensor like)
    {
        var data = new double[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes) throw new ArgumentException($"cross-entropy: label {i} is {labels[i]}, expected 0..{classes - 1}");
            data[i * classes + labels[i]] = 1;
        }
        return Tensor.FromArray(data, [labels.Length, classes], backend: like.Backend).To(like.DType);
    }
}
