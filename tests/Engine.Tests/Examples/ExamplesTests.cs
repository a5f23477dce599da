using Engine.Examples;
using Engine.Tests.Classifier;
using Xunit;

namespace Engine.Tests.Examples;

/// <summary>
/// The README's C# examples (examples/Engine.Examples) run and compute what they say, and the README shows their code
/// as it is in the project, so neither can drift from the other.
/// </summary>
public sealed class ExamplesTests
{
    [Fact]
    public void Gradient_of_gradient_is_the_second_derivative_of_tanh()
    {
        var (x, grad, gradGrad) = GradientOfGradient.Run();
        for (int i = 0; i < x.Length; i++)
        {
            double t = Math.Tanh(x[i]);
            Assert.Equal(1 - t * t, grad[i], 12);
            Assert.Equal(-2 * t * (1 - t * t), gradGrad[i], 12);
        }
    }

    [Fact]
    public void Gradient_penalty_of_a_users_critic_has_a_gradient_for_every_weight_but_the_output_bias()
    {
        var (critic, penalty, grads) = CriticGradientPenalty.Run();
        Assert.True(double.IsFinite(penalty.Item()) && penalty.Item() > 0, $"penalty {penalty.Item()}");
        var names = critic.NamedParameters().Select(p => p.Name).ToArray();
        var parameters = critic.Parameters();
        Assert.Equal(parameters.Length, grads.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            if (names[i] == "out.bias")
            {
                Assert.Null(grads[i]);  // d/dx of D does not see the output bias
                continue;
            }
            Assert.NotNull(grads[i]);
            Assert.Equal(parameters[i].Shape, grads[i]!.Shape);
            var values = grads[i]!.ToDoubleArray();
            Assert.All(values, v => Assert.True(double.IsFinite(v)));
            Assert.Contains(values, v => v != 0);
        }
        Assert.Equal(penalty.Item(), CriticGradientPenalty.Run().Penalty.Item());  // seeded: the same numbers every run
    }

    [Theory]
    [InlineData("GradientOfGradient.cs")]
    [InlineData("CriticGradientPenalty.cs")]
    public void The_readme_shows_the_example_code_as_it_is(string file)
    {
        string root = MnistTestData.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string[] source = File.ReadAllLines(Path.Combine(root, "examples", "Engine.Examples", file));
        foreach (string directive in source.Where(l => l.StartsWith("using ", StringComparison.Ordinal)))
            Assert.Contains(directive, readme);
        var blocks = new List<string>();
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i].Trim() != "// README begin")
                continue;
            int end = Array.FindIndex(source, i + 1, l => l.Trim() == "// README end");
            Assert.True(end > i, $"{file}: '// README begin' at line {i + 1} has no '// README end'");
            blocks.Add(Dedent(source[(i + 1)..end]));
            i = end;
        }
        Assert.NotEmpty(blocks);
        foreach (string block in blocks)
            Assert.True(readme.Contains(block, StringComparison.Ordinal), $"README.md does not show this part of {file} as it is:\n{block}");
    }

    private static string Dedent(string[] lines)
    {
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.Trim()));
    }
}
