using Engine.Autodiff;
using Engine.Tensors;

namespace Engine.Nn;

/// <summary>
/// The entrance of an image network: takes [N, C, H, W] as it is and flat rows [N, C*H*W] (the layout
/// the official WGAN-GP MNIST code feeds its critic) reshaped to [N, C, H, W]. The reshape is part
/// of the graph, so a gradient with respect to a flat input comes back flat.
/// </summary>
public sealed class ImageInput(int channels, int height, int width) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        var numel = channels * height * width;
        if (x.Rank == 2 && x.Shape[1] == numel) return x.Reshape(x.Shape[0], channels, height, width);
        if (x.Rank == 4 && x.Shape[1] == channels && x.Shape[2] == height && x.Shape[3] == width) return x;
        throw new ArgumentException(
            $"image input {x.ShapeString}: expected [N, {numel}] (flat rows) or [N, {channels}, {height}, {width}]");
    }
}
