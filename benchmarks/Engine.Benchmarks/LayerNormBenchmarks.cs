using BenchmarkDotNet.Attributes;
using Engine.Kernels.Cpu;
using Engine.Tensors;

namespace Engine.Benchmarks;

/// <summary>
/// Fused layer norm forward + backward (float32) on the shapes of the issue: [50, 256, 4, 4]
/// normalised over [256, 4, 4] (rows 50, d 4096) and [256, 512]. GB/s counts the main arrays'
/// traffic: forward reads x and writes y, backward reads gy and x and writes gx (20 bytes per element).
/// </summary>
[MemoryDiagnoser]
public class LayerNormBenchmarks
{
    private NDArray _x = null!, _y = null!, _gy = null!, _gx = null!, _w = null!, _b = null!, _gw = null!, _gb = null!, _mean = null!, _rstd = null!;

    /// <summary>rows x d.</summary>
    [Params("50x4096", "256x512")]
    public string Shape { get; set; } = "50x4096";

    /// <summary>Bytes of main-array traffic per forward + backward.</summary>
    public long Bytes => 20L * _x.Numel;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split('x').Select(int.Parse).ToArray();
        var (rows, d) = (parts[0], parts[1]);
        var cpu = CpuBackend.Instance;
        NDArray Rand(int seed, params int[] shape)
        {
            var a = NDArray.Empty(cpu, DType.Float32, shape);
            cpu.FillRandom(a, RandomDistribution.Normal, 0, 1, (ulong)seed, 0);
            return a;
        }
        (_x, _gy, _w, _b) = (Rand(1, rows, d), Rand(2, rows, d), Rand(3, d), Rand(4, d));
        (_y, _gx) = (NDArray.Empty(cpu, DType.Float32, rows, d), NDArray.Empty(cpu, DType.Float32, rows, d));
        (_gw, _gb) = (NDArray.Empty(cpu, DType.Float32, d), NDArray.Empty(cpu, DType.Float32, d));
        (_mean, _rstd) = (NDArray.Empty(cpu, DType.Float32, rows), NDArray.Empty(cpu, DType.Float32, rows));
    }

    [Benchmark]
    public void ForwardBackward()
    {
        var cpu = CpuBackend.Instance;
        cpu.LayerNormForward(_x, _w, _b, 1e-5, _y, _mean, _rstd);
        cpu.LayerNormBackward(_gy, _x, _mean, _rstd, _w, _gx, _gw, _gb);
    }
}
