namespace Engine.Gan.Models;

/// <summary>How image samples are handed to an image critic (<c>--input-layout</c>).</summary>
public enum InputLayout
{
    /// <summary>[B, 1, 28, 28], as the data sets and the generator produce them.</summary>
    Image,

    /// <summary>
    /// Flat [B, 784] rows, the layout the official WGAN-GP MNIST code feeds its critic; the critic's
    /// <see cref="Engine.Nn.ImageInput"/> reshapes them inside the graph, so the run is the same.
    /// </summary>
    Flat,
}
