using Engine.Kernels.Ilgpu;
using Engine.Tensors;

namespace Engine.Tests.Gpu;

/// <summary>
/// The kernel suite on ILGPU's CPU emulator with its small groups (2 x 2 GEMM tiles, 4-thread
/// group reductions): the shapes straddle those tiles, and stay small because the emulator runs an
/// OS thread per GPU thread (about 1.5 us an element per launch here). The reduction input is
/// 3 x 257 x 5: axis 1 alone (257) and all axes (3,855) take the group reduction, the rest the
/// thread-per-output one.
/// </summary>
public sealed class IlgpuEmulatorKernelTests : GpuKernelSuite
{
    protected override IBackend Gpu() => IlgpuBackend.Emulator;

    protected override Type BufferType => typeof(IlgpuBuffer);

    protected override int Tile => IlgpuBackend.Emulator.GroupSide;

    protected override int[] ReductionShape => [3, 257, 5];
}

/// <summary>
/// The kernel suite on the emulator with a GPU's groups (256 threads: 16 x 16 GEMM tiles, 256-thread
/// group reductions), so the tile edges a GPU meets (15, 16, 17, 33, ...) run here too. A group of
/// 256 OS threads meeting at each barrier is slow, so shapes stay a few tiles.
/// </summary>
public sealed class IlgpuGpuShapedEmulatorKernelTests : GpuKernelSuite
{
    private static readonly Lazy<IlgpuBackend> Backend = new(IlgpuBackend.CreateGpuShapedEmulator);

    protected override IBackend Gpu() => Backend.Value;

    protected override Type BufferType => typeof(IlgpuBuffer);

    protected override int Tile => Backend.Value.GroupSide;

    protected override int[] ReductionShape => [3, 257, 5];
}
