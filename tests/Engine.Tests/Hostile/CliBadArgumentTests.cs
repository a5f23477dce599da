using Engine.Tests.Gan;
using Xunit;

namespace Engine.Tests.Hostile;

/// <summary>
/// Every command with bad arguments: each must end with exit code 2 and exactly one line on stderr
/// starting "error: " (no .NET message, no help text, no stack trace). Arguments that would start
/// real work are placed so the refusal comes first.
/// </summary>
public sealed class CliBadArgumentTests : CliHarness
{
    public CliBadArgumentTests() => Directory.CreateDirectory(_root);

    public static TheoryData<string> BadLines() =>
    [
        // parse errors: unknown options and commands, wrong types, missing values and required options
        "nonsense", "train --no-such-option", "train --iters", "train --iters ten", "train --threads abc", "train --seed -1", "train --lr one",
        "bench --seconds soon", "inspect --batch 1.5", "probe", "probe --weights w", "classifier --epochs x", "figure", "figure gradnorms --iters x",
        "selftest --threads x",
        // values out of range
        "train --threads 0", "train --threads 9999", "train --threads -3", "train --iters 0", "train --iters -5", "train --batch 0", "train --width 0",
        "train --width -1", "train --critic-iters 0", "train --lr 0", "train --lr -1", "train --lr NaN", "train --lr Infinity", "train --lambda -1",
        "train --lambda NaN", "train --beta1 1", "train --beta2 -0.1", "train --ema 1", "train --log-every 0", "train --eval-every -1",
        "train --checkpoint-every -1", "train --dtype float16", "train --device tpu", "train --dataset imagenet", "train --model resnet",
        "train --penalty wgan", "train --optimizer lbfgs", "train --model mnist-dcgan --dataset 8gaussians", "train --batch 100000000",
        "train --width 2000000000",
        "bench --threads 0", "bench --model resnet", "bench --penalty wgan", "bench --width 0", "bench --seconds -1", "bench --device tpu",
        "inspect --threads 9999", "inspect --model resnet", "inspect --penalty wgan", "inspect --batch 0", "inspect --width 0", "inspect --width 2000000000",
        "probe --weights {root}/none.safetensors --inputs {root}/none --out {root}/o.safetensors",
        "probe --weights {root}/none.safetensors --inputs {root}/none --out {root}/o.safetensors --dtype float16",
        "probe --weights {root}/none.safetensors --inputs {root}/none --out {root}/o.safetensors --model resnet",
        "probe --weights {root}/none.safetensors --inputs {root}/none --out {root}/o.safetensors --lambda NaN",
        "probe --weights {root}/none.safetensors --inputs {root}/none --out {root}/o.safetensors --threads 0",
        "classifier --data-dir {root}/none", "classifier --epochs 0 --data-dir {root}/none", "classifier --batch 0", "classifier --lr -1",
        "classifier --test-fraction 2", "classifier --shift -1", "classifier --threads 0",
        "figure unknown-figure", "figure gradnorms --iters 0", "figure gradnorms --width 0", "figure gradnorms --batch 0", "figure gradnorms --lambda -1",
        "figure gradnorms --lr 0", "figure critic-surface --threads 0", "figure weights --width 2000000000",
        "selftest --threads 0", "selftest --device tpu",
    ];

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_arguments_give_one_line_and_exit_code_2(string line)
    {
        var args = line.Replace("{root}", _root).Split(' ');
        if (args[0] is "train" or "inspect" or "figure" && !args.Contains("--out")) args = [.. args, "--out", Path.Combine(_root, "out")];
        var (code, output, error) = Run(args);
        Assert.True(code == 2, $"'{line}': exit {code}\nstdout: {output}\nstderr: {error}");
        var lines = error.TrimEnd('\n', '\r').Split('\n');
        Assert.True(lines.Length == 1, $"'{line}': {lines.Length} lines on stderr:\n{error}");
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("(Parameter '", error);
    }
}
