using System.Globalization;

namespace Engine.Examples;

/// <summary>Runs the README's examples and prints what they computed (CI runs it).</summary>
internal static class ExamplesProgram
{
    private static void Main()
    {
        var (x, grad, gradGrad) = GradientOfGradient.Run();
        for (int i = 0; i < x.Length; i++)
            Print($"x = {x[i]}: d tanh/dx = {grad[i]:F6}, d2 tanh/dx2 = {gradGrad[i]:F6}");
        var (critic, penalty, grads) = CriticGradientPenalty.Run();
        Print($"gradient penalty of MyCritic: {penalty.Item():F6}");
        foreach (var ((name, _), g) in critic.NamedParameters().Zip(grads))
            Print($"  d penalty / d {name}: {(g is null ? "none (the penalty does not depend on it)" : $"norm {Math.Sqrt(g.ToDoubleArray().Sum(v => v * v)):F6}")}");
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
