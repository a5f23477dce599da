using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Gan.Data.Mnist;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Engine.Tensors.Formats;
using Engine.Tests.Formats;
using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Hostile;

/// <summary>One test per case of issue 14 (hostile files and careless users), each as it was found.</summary>
public sealed class IssueCaseTests : CliHarness
{
    public IssueCaseTests() => Directory.CreateDirectory(_root);

    private string P(params string[] parts) => Path.Combine([_root, .. parts]);

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void OneLineError(int code, string error, string expected)
    {
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
    }

    /// <summary>A tiny run's arguments; an option in <paramref name="extra"/> that takes a value replaces the default one.</summary>
    private string[] TinyTrain(string dir, params string[] extra)
    {
        var defaults = new List<string> { "--iters", "3", "--width", "4", "--batch", "8", "--eval-every", "0", "--out", P(dir) };
        for (var i = 0; i < extra.Length; i++)
        {
            var at = extra[i].StartsWith("--", StringComparison.Ordinal) ? defaults.IndexOf(extra[i]) : -1;
            if (at >= 0) defaults.RemoveRange(at, 2);
        }
        return ["train", .. defaults, .. extra];
    }

    // --- crashes and stack traces ---

    [Fact]
    public void An_npy_shape_nested_tens_of_thousands_deep_is_refused_not_a_stack_overflow()
    {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + new string('(', 60_000) + new string(')', 60_000) + ", }\n";
        var e = Assert.Throws<MalformedFileException>(() => Npy.Load(new MemoryStream(FormatsTestData.NpyBytes(header, 2, [])), "deep.npy"));
        Assert.Contains("nesting deeper than 32", e.Message);
        Assert.Contains("deep.npy", e.Message);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_safetensors_name_is_refused()
    {
        var bytes = FormatsTestData.SafeTensorsBytes("{\"a\\ud800\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", FormatsTestData.F32(1f));
        var e = Assert.Throws<MalformedFileException>(() => SafeTensors.Load(bytes, "surrogate.safetensors"));
        Assert.Contains("surrogate.safetensors", e.Message);
        Assert.Contains("does not decode", e.Message);
    }

    private string FinishedRun(string dir)
    {
        Assert.Equal(0, Run(TinyTrain(dir)).Code);
        return P(dir, "checkpoint.safetensors");
    }

    private static void RewriteCheckpoint(string path, Func<HostTensor, HostTensor?> tensor, Action<Dictionary<string, string>>? meta = null)
    {
        var file = SafeTensors.Load(path);
        var metadata = new Dictionary<string, string>(file.Metadata);
        meta?.Invoke(metadata);
        SafeTensors.Save(path, file.Tensors.Values.Select(tensor).Where(t => t is not null).Select(t => t!), metadata);
    }

    [Fact]
    public void Checkpoint_metadata_whose_config_is_not_the_expected_JSON_is_refused_on_resume()
    {
        var path = FinishedRun("config");
        foreach (var config in new[] { "[1, 2]", "{\"width\": \"wide\"}", "{" })
        {
            RewriteCheckpoint(path, t => t, d => d["config"] = config);
            var (code, _, error) = Run(TinyTrain("config", "--iters", "6", "--resume"));
            OneLineError(code, error, "metadata 'config' is not a run configuration");
        }
    }

    [Fact]
    public void A_malformed_metrics_line_on_resume_is_refused_naming_the_line()
    {
        FinishedRun("metrics");
        var metrics = P("metrics", "metrics.jsonl");
        var lines = File.ReadAllLines(metrics);
        File.WriteAllLines(metrics, [lines[0].Replace("\"iter\":0", "\"iter\":\"zero\""), .. lines[1..]]);
        var (code, _, error) = Run(TinyTrain("metrics", "--iters", "6", "--resume"));
        OneLineError(code, error, "metrics.jsonl' line 1: \"iter\"");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9999")]
    [InlineData("-1")]
    public void Threads_out_of_range_give_one_line(string threads)
    {
        var (code, _, error) = Run(TinyTrain("threads", "--threads", threads));
        OneLineError(code, error, $"--threads must lie in 1..{Environment.ProcessorCount}");
    }

    // --- memory driven by a claim in a file ---

    [Fact]
    public void Probe_refuses_a_20000_wide_claim_before_building_the_model()
    {
        var weights = P("wide.safetensors");
        SafeTensors.Save(weights, [new HostTensor("l1.weight", [20000, 0], Array.Empty<float>()), new HostTensor("l1.bias", [2], new float[2])]);
        var inputs = P("inputs.safetensors");
        SafeTensors.Save(inputs, [new HostTensor("real", [1, 2], new double[2]), new HostTensor("fake", [1, 2], new double[2]), new HostTensor("alpha", [1], new double[1])]);
        (int Code, string Out, string Err) result = (0, "", "");
        var allocated = Allocated(() => result = Run("probe", "--weights", weights, "--inputs", inputs, "--out", P("probe.safetensors")));
        OneLineError(result.Code, result.Err, "width 20000");
        Assert.True(allocated < 64L << 20, $"probe allocated {allocated >> 20} MiB before refusing");
    }

    [Fact]
    public void An_npy_claiming_268_million_doubles_in_640_bytes_is_refused_before_allocating()
    {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (268435456,), }";
        var bytes = FormatsTestData.NpyBytes(header.PadRight(117) + "\n", 1, new byte[640 - 128]);
        File.WriteAllBytes(P("claim.npy"), bytes);
        MalformedFileException? e = null;
        var allocated = Allocated(() => e = Assert.Throws<MalformedFileException>(() => Npy.Load(P("claim.npy"))));
        Assert.Contains("needs 2147483648 bytes", e!.Message);
        Assert.True(allocated < 1L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_gzip_idx_with_zeros_after_a_valid_body_is_not_inflated_whole()
    {
        var images = ParserFuzzTests.Idx(0x803, [1, 28, 28], new byte[784]);
        using (var file = File.Create(P("train-images-idx3-ubyte.gz")))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            gz.Write(images);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 256; i++) gz.Write(zeros); // 256 MiB inflated, about 250 KB on disk
        }
        MalformedFileException? e = null;
        var allocated = Allocated(() => e = Assert.Throws<MalformedFileException>(() => IdxReader.ReadImages(P("train-images-idx3-ubyte.gz"))));
        Assert.Contains("goes on beyond the 784 bytes", e!.Message);
        Assert.True(allocated < 8L << 20, $"allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void Idx_dimensions_whose_product_overflows_are_refused()
    {
        var images = ParserFuzzTests.Idx(0x803, [int.MaxValue, int.MaxValue, int.MaxValue], new byte[64]);
        File.WriteAllBytes(P("overflow-idx3-ubyte"), images);
        var e = Assert.Throws<MalformedFileException>(() => IdxReader.ReadImages(P("overflow-idx3-ubyte")));
        Assert.Contains("describe more than", e.Message);
    }

    [Theory]
    [InlineData("--batch", "100000000")]
    [InlineData("--width", "20000")]
    public void A_batch_or_width_that_cannot_fit_is_refused_with_the_estimate(string option, string value)
    {
        (int Code, string Out, string Err) result = (0, "", "");
        var allocated = Allocated(() => result = Run(["train", option, value, "--iters", "1", "--out", P("huge")]));
        OneLineError(result.Code, result.Err, "needs about");
        Assert.Contains("GiB", result.Err);
        Assert.Contains("available", result.Err);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MiB before refusing");
    }

    // --- accepted, silently wrong ---

    [Fact]
    public void A_safetensors_header_length_one_byte_short_is_refused()
    {
        var bytes = SafeTensors.Serialize([FormatsTestData.Ramp("w", DType.Float32, 4)]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, BinaryPrimitives.ReadUInt64LittleEndian(bytes) - 1);
        var e = Assert.Throws<MalformedFileException>(() => SafeTensors.Load(bytes, "short.safetensors"));
        Assert.Contains("trailing", e.Message);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_refused()
    {
        var bytes = SafeTensors.Serialize([FormatsTestData.Ramp("w", DType.Float32, 4)]);
        var e = Assert.Throws<MalformedFileException>(() => SafeTensors.Load([.. bytes, 0, 0, 0, 0], "tail.safetensors"));
        Assert.Contains("4 trailing bytes", e.Message);
    }

    [Fact]
    public void A_checkpoint_missing_one_optimizer_moment_is_refused_naming_it()
    {
        var path = FinishedRun("moment");
        const string gone = "optimizer.critic.l2.weight.exp_avg_sq";
        RewriteCheckpoint(path, t => t.Name == gone ? null : t);
        var (code, _, error) = Run(TinyTrain("moment", "--iters", "6", "--resume"));
        OneLineError(code, error, "'l2.weight.exp_avg_sq' is missing");
    }

    [Theory]
    [InlineData("critic.l1.weight", double.NaN, "expected finite weights")]
    [InlineData("generator.out.bias", double.PositiveInfinity, "expected finite weights")]
    [InlineData("optimizer.critic.l1.bias.exp_avg_sq", -1e-6, "never negative")]
    [InlineData("optimizer.generator.l1.weight.exp_avg", double.NaN, "expected finite values")]
    public void Non_finite_weights_and_negative_second_moments_are_refused(string name, double value, string expected)
    {
        var path = FinishedRun("values");
        RewriteCheckpoint(path, t => t.Name != name ? t : new HostTensor(name, t.Shape, ((float[])t.Data).Select((v, i) => i == 0 ? (float)value : v).ToArray()));
        var (code, _, error) = Run(TinyTrain("values", "--iters", "6", "--resume"));
        OneLineError(code, error, expected);
        Assert.Contains(name.Replace("optimizer.critic.", "").Replace("optimizer.generator.", ""), error);
    }

    // --- lost or mixed runs ---

    [Fact]
    public void Resume_replaces_metrics_jsonl_by_a_rename_never_in_place()
    {
        FinishedRun("rename");
        var metrics = P("rename", "metrics.jsonl");
        var before = File.ReadAllText(metrics);
        // A hard link keeps the old file's contents visible: an in-place rewrite would change them.
        var link = P("old-metrics.jsonl");
        Assert.Equal(0, System.Diagnostics.Process.Start("ln", [metrics, link])!.WaitForExitAndCode());
        Assert.Equal(0, Run(TinyTrain("rename", "--iters", "5", "--resume")).Code);
        Assert.Equal(before, File.ReadAllText(link));
        var iters = File.ReadAllLines(metrics).Select(l => JsonNode.Parse(l)!["iter"]!.GetValue<int>()).ToArray();
        Assert.Equal([0, 2, 4], iters); // logged every 10 iterations and at the end of each process's run
    }

    [Fact]
    public void Train_into_a_folder_with_a_run_refuses_without_resume_or_overwrite()
    {
        FinishedRun("taken");
        var checkpoint = File.ReadAllBytes(P("taken", "checkpoint.safetensors"));
        var (code, _, error) = Run(TinyTrain("taken"));
        OneLineError(code, error, "already holds a run");
        Assert.Contains("--overwrite", error);
        Assert.Equal(checkpoint, File.ReadAllBytes(P("taken", "checkpoint.safetensors")));
        var (again, output, err) = Run(TinyTrain("taken", "--overwrite", "--seed", "9"));
        Assert.True(again == 0, err + output);
        Assert.NotEqual(checkpoint, File.ReadAllBytes(P("taken", "checkpoint.safetensors")));
        OneLineError(Run(TinyTrain("taken", "--overwrite", "--resume")).Code, Run(TinyTrain("taken", "--overwrite", "--resume")).Err, "give one of them");
    }

    [Fact]
    public void A_second_train_on_the_same_out_refuses_naming_the_holder_pid()
    {
        Directory.CreateDirectory(P("busy"));
        using (RunLock.Acquire(P("busy"), "train"))
        {
            var (code, _, error) = Run(TinyTrain("busy"));
            OneLineError(code, error, $"pid {Environment.ProcessId}");
            Assert.Contains("in use", error);
        }
        Assert.Equal(0, Run(TinyTrain("busy")).Code); // released
    }

    [Fact]
    public void The_lock_is_held_against_another_process()
    {
        Directory.CreateDirectory(P("other"));
        using var held = RunLock.Acquire(P("other"), "train");
        // flock(1) from util-linux, non-blocking, on the same lock file: it must find it taken.
        var flock = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["-n", Path.Combine(P("other"), RunLock.FileName), "true"]) { UseShellExecute = false });
        Assert.NotNull(flock);
        Assert.NotEqual(0, flock!.WaitForExitAndCode());
    }

    [Fact]
    public void Stale_temporary_files_of_an_interrupted_write_are_removed_on_the_next_start()
    {
        FinishedRun("stale");
        var stale = P("stale", $"checkpoint.safetensors.{Guid.NewGuid():N}.tmp");
        var keep = P("stale", "notes.tmp");
        File.WriteAllText(stale, "half a checkpoint");
        File.WriteAllText(keep, "someone else's file");
        var (code, output, error) = Run(TinyTrain("stale", "--iters", "5", "--resume"));
        Assert.True(code == 0, error);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(keep));
        Assert.Contains("removed 1 temporary file", output);
    }

    [Fact]
    public void Resume_accepts_values_equal_to_the_defaults_when_spelled_out()
    {
        FinishedRun("defaults");
        var (code, _, error) = Run(TinyTrain("defaults", "--iters", "5", "--resume", "--lr", "1e-4", "--lambda", "0.1", "--optimizer", "adam"));
        Assert.True(code == 0, error);
        var (changed, _, err) = Run(TinyTrain("defaults", "--iters", "7", "--resume", "--lr", "2e-4"));
        OneLineError(changed, err, "LearningRate was 0.0001, now 0.0002");
    }

    [Fact]
    public void Out_of_memory_during_a_run_ends_with_a_clear_line()
    {
        var error = new StringWriter();
        var code = Engine.Cli.CliErrors.Run(error, () => throw new OutOfMemoryException());
        OneLineError(code, error.ToString(), "out of memory");
        Assert.Contains("smaller --batch or --width", error.ToString());
    }
}

internal static class ProcessExit
{
    public static int WaitForExitAndCode(this System.Diagnostics.Process p)
    {
        p.WaitForExit();
        return p.ExitCode;
    }
}
