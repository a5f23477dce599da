using System.CommandLine;
using Engine.Gan.Models;

namespace Engine.Cli;

/// <summary><c>--input-layout image|flat</c>, shared by train and inspect.</summary>
internal static class InputLayoutOption
{
    private static readonly string[] Names = Enum.GetNames<InputLayout>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>The option; flat feeds an image critic [B, 784] rows, as the official MNIST code does.</summary>
    public static Option<string> Create() => new("--input-layout")
    {
        Description = $"how image samples reach the critic: {string.Join("|", Names)} (flat: [B, 784] rows, as the official MNIST code feeds them; the critic reshapes inside, so the run is the same)",
        DefaultValueFactory = _ => "image",
    };

    /// <summary>The layout named <paramref name="name"/>; another name is a one-line error listing the known ones.</summary>
    public static InputLayout Parse(string name) =>
        Enum.TryParse<InputLayout>(name, ignoreCase: true, out var layout) && Names.Contains(name.ToLowerInvariant())
            ? layout
            : throw new ArgumentException($"--input-layout: unknown layout '{name}'; expected {string.Join(" or ", Names)}");
}
