using System.Text.Json.Nodes;
using Engine.Gan.Classifier;
using Engine.Gan.Data;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Classifier;

/// <summary>A briefly trained digit classifier, shared by the tests of one class.</summary>
public sealed class BriefClassifier
{
    public BriefClassifier()
    {
        TestSetup.UseCpuByDefault();
        (Classifier, Report) = ClassifierTraining.Train(MnistTestData.Load(), new ClassifierOptions(Epochs: 2), CpuBackend.Instance);
    }

    public DigitClassifier Classifier { get; }

    public ClassifierReport Report { get; }
}

/// <summary>The digit classifier on the real digits, and a short MNIST run judged by it.</summary>
public sealed class MnistQualityTests(BriefClassifier brief) : IClassFixture<BriefClassifier>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-mnist-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_epochs_classify_held_out_digits_well()
    {
        // The full default (10 epochs) reaches about 97.5%; two epochs already clear 93%.
        Assert.True(brief.Report.TestAccuracy >= 0.93, $"test accuracy {brief.Report.TestAccuracy:P2} after 2 epochs");
        Assert.Equal(MnistTestData.Load().Count, brief.Report.TrainCount + brief.Report.TestCount);
    }

    [Fact]
    public void A_short_run_at_reduced_width_moves_the_Frechet_distance_down()
    {
        var config = new TrainConfig
        {
            Dataset = "mnist", Model = "mnist-dcgan", DataDir = Path.Combine(MnistTestData.RepositoryRoot(), "data", "mnist"),
            Width = 16, Batch = 32, LearningRate = 1e-3, Iters = 150, EvalEvery = 50, EmaDecay = 0, Seed = 1,
        };
        var data = new MnistSource(MnistTestData.Load(), WganTrainer.Stream(config.Seed, 1));
        var run = new TrainingRun(config, CpuBackend.Instance, _dir, resume: false, data) { Classifier = brief.Classifier, DigitSamples = 500 };
        var summary = run.Run();

        var evaluations = File.ReadAllLines(run.Outputs.Metrics).Select(l => JsonNode.Parse(l)!).Where(o => o["frechet_distance"] is not null).ToList();
        Assert.Equal([49, 99, 149], evaluations.Select(o => o["iter"]!.GetValue<int>()));
        double first = evaluations[0]["frechet_distance"]!.GetValue<double>(), last = evaluations[^1]["frechet_distance"]!.GetValue<double>();
        Assert.True(last < 0.5 * first, $"Frechet distance {first:F1} at iteration 50 -> {last:F1} at 150");

        var digits = JsonNode.Parse(File.ReadAllText(run.Outputs.Summary))!["metrics"]!["digits"]!;
        Assert.Equal(500, digits["samples"]!.GetValue<int>());
        Assert.InRange(digits["classes_covered"]!.GetValue<int>(), 0, 10);
        Assert.InRange(digits["kl_uniform"]!.GetValue<double>(), 0, Math.Log(10) + 1e-9);
        Assert.InRange(digits["mean_max_softmax"]!.GetValue<double>(), 0.1, 1);
        Assert.Equal(summary.Evaluation!.Digits!.FrechetDistance, digits["frechet_distance"]!.GetValue<double>(), 9);
        Assert.True(File.Exists(run.Outputs.Curves) && File.Exists(run.Outputs.Samples));
    }
}
