using Engine.Gan.Metrics;
using Engine.Gan.Training;
using Engine.Kernels.Cpu;
using Xunit;

namespace Engine.Tests.Memory;

/// <summary>
/// What a long run repeats (a checkpoint, an evaluation's MMD^2, the skinny products of the toy
/// critic) allocates no large array the second time. A large array lands on the large-object or
/// pinned-object heap, which only a full collection frees, so the default run's resident set grew
/// between those collections. Counted on the calling thread (GC.GetAllocatedBytesForCurrentThread),
/// so other tests running meanwhile do not disturb the figure.
/// </summary>
public class SteadyAllocationTests
{
    /// <summary>Bytes the calling thread allocates in <paramref name="action"/>.</summary>
    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void ASecondCheckpointReusesTheHostCopiesOfTheFirst()
    {
        var trainer = new WganTrainer(new TrainConfig { Width = 256, Batch = 16, Seed = 3 }, CpuBackend.Instance);
        var dir = Directory.CreateTempSubdirectory("engine-ckpt-");
        try
        {
            var path = Path.Combine(dir.FullName, "checkpoint.safetensors");
            var first = Allocated(() => trainer.SaveCheckpoint(path));
            // The critic's Adam slots appear after the first iteration, the generator's after the
            // second (its first step); from then on every checkpoint has the same tensors.
            for (var i = 0; i < 2; i++)
            {
                trainer.RunIteration();
                trainer.SaveCheckpoint(path);
            }
            trainer.RunIteration();
            var steady = Allocated(() => trainer.SaveCheckpoint(path));
            // Parameters and EMA of a width-256 toy run: about 1.8 MB of float32; a checkpoint's
            // own small objects (the file buffer, the header) are about 150 KB.
            Assert.True(first > 1_500_000, $"the first checkpoint allocated only {first} bytes: the host copies are not where this test looks");
            Assert.True(steady < first / 4, $"a later checkpoint allocated {steady} bytes, the first {first}: the host copies were not reused");
            // And the reused copies hold the new values, not the first checkpoint's.
            var file = Engine.Tensors.Formats.SafeTensors.Load(path);
            var saved = (float[])file.Tensors["critic.l1.weight"].Data;
            var live = (float[])trainer.Critic.StateDict().Single(p => p.Name == "l1.weight").Value.Data.ToArray();
            Assert.Equal(live, saved);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ASecondMmdOfTheSameSizeAllocatesNoPairArray()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 2 * 2500).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 2 * 2500).Select(_ => rng.NextDouble()).ToArray();
        var first = Mmd.Squared(x, y, 2);
        var bytes = Allocated(() => Assert.Equal(first, Mmd.Squared(x, y, 2)));
        // The 2 x 5,000 pooled points (80 KB) and small objects, not the ~500,000 pair distances (4 MB).
        Assert.True(bytes < 1_000_000, $"a second MMD^2 allocated {bytes} bytes");
    }

    [Fact]
    public void SkinnyProductsWithAStridedShortOperandReuseTheirCopy()
    {
        // C[64 x 2] = A[64 x 512] B[512 x 2] with B row-major, so strided along k: the path that
        // copies the short operand dense.
        // 64 rows run on one thread, so Parallel.For's own small allocations do not blur the count.
        int m = 64, n = 2, k = 512;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (var i = 0; i < a.Length; i++) a[i] = i % 7;
        for (var i = 0; i < b.Length; i++) b[i] = i % 5;
        void Run() => Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, accumulate: false);
        Run();
        var expected = 0f;
        for (var p = 0; p < k; p++) expected += a[3 * k + p] * b[p * n + 1];
        Assert.Equal(expected, c[3 * n + 1]);
        var bytes = Allocated(() => { for (var i = 0; i < 10; i++) Run(); });
        Assert.True(bytes < sizeof(float) * k * n, $"ten skinny products allocated {bytes} bytes (one dense copy of B is {sizeof(float) * k * n}): the copy is made afresh each time");
    }

    [Fact]
    public void DirectConvsReuseTheirPaddedInputPanelsAndTiles()
    {
        // The MNIST critic's 64->128 layer at batch 4: one padded input is 4 x 64 x 18 x 18 floats
        // (332 KB), the packed weights 205 KB, the output tiles 100 KB; all are kept per thread.
        var layer = new Engine.Tensors.Conv2dGeometry(2, 2, 2, 2, 1, 1);
        NDArrayOf(out var x, 4, 64, 14, 14);
        NDArrayOf(out var w, 128, 64, 5, 5);
        NDArrayOf(out var y, 4, 128, 7, 7);
        var cpu = CpuBackend.Instance;
        using var scope = CpuBackend.UseConvAlgorithm(ConvAlgorithm.Direct);
        void Run()
        {
            cpu.Conv2dForward(x, w, y, layer);
            cpu.Conv2dGradInput(y, w, x, layer);
            cpu.Conv2dGradWeight(x, y, w, layer);
        }
        Run();
        var bytes = Allocated(() => { for (var i = 0; i < 5; i++) Run(); });
        // Fifteen calls: a buffer made afresh each time would be at least 15 x 100 KB; the
        // closures and Parallel.For's own objects are a few KB a call.
        Assert.True(bytes < 500_000, $"five direct forward, grad-input and grad-weight calls allocated {bytes} bytes: a buffer is made afresh");
    }

    private static void NDArrayOf(out Engine.Tensors.NDArray a, params int[] shape)
    {
        var data = new float[Engine.Tensors.Shape.Numel(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = (i % 13 - 6) * 0.01f;
        a = new Engine.Tensors.NDArray(new CpuBuffer<float>(data), shape, Engine.Tensors.Shape.ContiguousStrides(shape));
    }
}
