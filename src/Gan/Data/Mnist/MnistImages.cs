namespace Engine.Gan.Data.Mnist;

/// <summary>MNIST-style grayscale images in [0, 1], row-major [Count, Height, Width], with their labels.</summary>
public sealed class MnistImages
{
    /// <summary>Wraps pixels and labels, checking that their sizes agree.</summary>
    public MnistImages(float[] pixels, byte[] labels, int height, int width, string source)
    {
        if (height < 1 || width < 1) throw new InvalidDataException($"{source}: image size {height} x {width} is not positive");
        if (pixels.Length != (long)labels.Length * height * width)
            throw new InvalidDataException($"{source}: {pixels.Length} pixels do not make {labels.Length} images of {height} x {width}");
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
        Source = source;
    }

    /// <summary>Pixel values in [0, 1], image after image.</summary>
    public float[] Pixels { get; }

    /// <summary>The digit of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>Where the images came from (for messages).</summary>
    public string Source { get; }
}
