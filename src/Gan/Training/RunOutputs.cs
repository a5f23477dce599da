namespace Engine.Gan.Training;

/// <summary>The files a training run writes under its output folder.</summary>
public sealed class RunOutputs
{
    /// <summary>Uses <paramref name="directory"/>, creating it; fails with a message naming it when it cannot be written.</summary>
    public RunOutputs(string directory)
    {
        Directory = Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var probe = Path.Combine(Directory, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out '{directory}' is not a writable folder: {e.Message}", e);
        }
    }

    /// <summary>The output folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>One JSON object per logged iteration.</summary>
    public string Metrics => Path.Combine(Directory, "metrics.jsonl");

    /// <summary>Final metrics, configuration, wall time, commit.</summary>
    public string Summary => Path.Combine(Directory, "summary.json");

    /// <summary>Critic surface with real and generated samples (toy) or a grid of generated digits.</summary>
    public string Samples => Path.Combine(Directory, "samples.png");

    /// <summary>The same picture for the generator's weight average (when <c>--ema</c> is on).</summary>
    public string SamplesEma => Path.Combine(Directory, "samples_ema.png");

    /// <summary>Losses, Wasserstein estimate and penalty over iterations.</summary>
    public string Curves => Path.Combine(Directory, "curves.png");

    /// <summary>The training state, rewritten atomically every N iterations.</summary>
    public string Checkpoint => Path.Combine(Directory, "checkpoint.safetensors");

    /// <summary>Every file a run writes: a folder holding any of them holds a run.</summary>
    public IReadOnlyList<string> RunFiles => [Checkpoint, Metrics, Summary, Samples, SamplesEma, Curves];
}
