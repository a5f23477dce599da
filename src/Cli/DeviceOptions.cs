using System.CommandLine;
using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Cli;

/// <summary><c>--device</c>, <c>--threads</c> and <c>--conv</c>, shared by the commands that compute.</summary>
internal sealed class DeviceOptions
{
    public Option<string> Device { get; } = new("--device") { Description = $"compute device: {string.Join("|", Devices.Names)}", DefaultValueFactory = _ => "cpu" };

    public Option<int> Threads { get; } = new("--threads") { Description = "CPU threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

    public Option<string> Conv { get; } = new("--conv")
    {
        Description = "CPU conv2d kernels: auto (direct on AVX-512 where it gives the im2col path's results, else im2col), im2col (column matrix + GEMM) or direct",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Device);
        command.Add(Threads);
        Conv.AcceptOnlyFromAmong("auto", "im2col", "direct");
        command.Add(Conv);
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
        CpuBackend.ConvAlgorithm = parse.GetValue(Conv) switch
        {
            "im2col" => ConvAlgorithm.Im2ColGemm,
            "direct" => ConvAlgorithm.Direct,
            _ => ConvAlgorithm.Auto,
        };
        return (backend, description);
    }
}
