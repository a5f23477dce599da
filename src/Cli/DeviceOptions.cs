using System.CommandLine;
using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary><c>--device</c> and <c>--threads</c>, shared by the commands that compute.</summary>
internal sealed class DeviceOptions
{
    public Option<string> Device { get; } = new("--device") { Description = $"compute device: {string.Join("|", Devices.Names)}", DefaultValueFactory = _ => "cpu" };

    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Device);
        command.Add(Threads);
    }

    /// <summary>Selects the backend, makes it the default and sets the thread count; returns it with a description.</summary>
    public (IBackend Backend, string Description) Apply(ParseResult parse)
    {
        var threads = parse.GetValue(Threads);
        if (threads < 1 || threads > Environment.ProcessorCount)
            throw new ArgumentException($"--threads must lie in 1..{Environment.ProcessorCount} (this machine's processor count), got {threads}");
        var (backend, description) = Devices.Select(parse.GetValue(Device)!);
        Tensor.DefaultBackend = backend;
        CpuThreads.Count = threads;
        return (backend, description);
    }
}
