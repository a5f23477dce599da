using Engine.Autodiff;
using Engine.Kernels.Cpu;
using Engine.Tensors;
using Xunit;

namespace Engine.Tests.Memory;

public class BufferScopeTests
{
    private static Tensor Values(params double[] v) => Tensor.FromArray(v, [v.Length]);

    [Fact]
    public void TheScopesEndReleasesWhatWasMadeInItAndKeepsWhatWasMovedOut()
    {
        var outside = Values(1, 2, 3);
        Tensor temporary, kept;
        using (BufferScope.Begin())
        {
            temporary = outside * 2;
            kept = (outside + 1).MoveToOuterScope();
            Assert.False(temporary.IsReleased);
        }
        Assert.True(temporary.IsReleased);
        Assert.False(kept.IsReleased);
        Assert.False(outside.IsReleased);
        Assert.Equal([2.0, 3, 4], kept.ToDoubleArray());
        Assert.Null(BufferScope.Current);
    }

    [Fact]
    public void UsingAReleasedTensorThrowsNamingTheOpAndTheShape()
    {
        Tensor x;
        using (BufferScope.Begin()) x = Tensor.FromArray(new float[6], [2, 3]);
        var add = Assert.Throws<BufferReleasedException>(() => x + x);
        Assert.StartsWith("add: ", add.Message);
        Assert.Contains("float32 tensor of shape [2, 3]", add.Message);
        Assert.Contains("scope ended", add.Message);
        var matmul = Assert.Throws<BufferReleasedException>(() => x.MatMul(Tensor.Zeros([3, 4])));
        Assert.StartsWith("matmul: ", matmul.Message);
        var relu = Assert.Throws<BufferReleasedException>(() => x.Relu());
        Assert.StartsWith("relu: ", relu.Message);
        var read = Assert.Throws<BufferReleasedException>(() => x.ToDoubleArray());
        Assert.Contains("cpu download", read.Message);
        var sum = Assert.Throws<BufferReleasedException>(() => x.Sum());
        Assert.Contains("cpu Sum", sum.Message);
        var view = Assert.Throws<BufferReleasedException>(() => x.Reshape(3, 2));
        Assert.StartsWith("reshape: ", view.Message);
        // The backend checks too, for callers below the tensor ops.
        var kernel = Assert.Throws<BufferReleasedException>(() => CpuBackend.Instance.Binary(BinaryOpKind.Add, x.Data, x.Data, NDArray.Empty(CpuBackend.Instance, DType.Float32, 2, 3)));
        Assert.StartsWith("cpu Add: ", kernel.Message);
    }

    [Fact]
    public void AReleasedTensorNeverReadsTheMemoryItsBlockWasReusedFor()
    {
        const int n = 777_777; // a size class no other test is likely to rent at the same moment
        Tensor stale;
        double[] staleData;
        using (BufferScope.Begin())
        {
            stale = Tensor.Full([n], 1.0, DType.Float64);
            staleData = ((CpuBuffer<double>)stale.Data.Buffer).Data;
        }
        var fresh = Tensor.Full([n], 7.0, DType.Float64);
        // Usually the same block comes back; either way the stale tensor refuses to read it.
        Assert.Throws<BufferReleasedException>(() => stale * 2);
        Assert.Throws<BufferReleasedException>(() => stale.ToDoubleArray());
        Assert.Equal(7.0, fresh.ToDoubleArray()[n - 1]);
        GC.KeepAlive(staleData);
    }

    [Fact]
    public void DisposeReleasesATensorAndEveryViewOfIt()
    {
        var x = Tensor.Ones([4, 4], DType.Float64);
        var view = x.Transpose().Slice(0, 1, 2);
        view.Dispose();
        Assert.True(x.IsReleased);
        var e = Assert.Throws<BufferReleasedException>(() => x.Exp());
        Assert.Contains("disposed", e.Message);
        Assert.Contains("[4, 4]", e.Message);
        x.Dispose(); // idempotent
    }

    [Fact]
    public void ViewsShareTheirBasesLifetime()
    {
        Tensor view;
        using (BufferScope.Begin())
        {
            var x = Tensor.Ones([3, 2]);
            view = x.Transpose().MoveToOuterScope(); // moving a view moves its buffer
            Assert.False(x.IsReleased);
        }
        Assert.False(view.IsReleased);
        Assert.Equal([1.0, 1, 1, 1, 1, 1], view.ToDoubleArray());
    }

    [Fact]
    public void NestedScopesReleaseInnerBuffersFirstAndMovedOnesAtTheOuterEnd()
    {
        using var outer = BufferScope.Begin();
        var a = Tensor.Ones([2]);
        Tensor inner1, movedToOuter;
        using (var inner = BufferScope.Begin())
        {
            Assert.Same(outer, inner.Outer);
            Assert.Equal(2, inner.Depth);
            inner1 = a * 3;
            movedToOuter = (a * 4).MoveToOuterScope();
            Assert.Same(outer, movedToOuter.Data.Buffer is ScopedBuffer s ? s.Scope : null);
        }
        Assert.True(inner1.IsReleased);
        Assert.False(a.IsReleased);
        Assert.False(movedToOuter.IsReleased);
        Assert.Same(outer, BufferScope.Current);
        outer.Dispose();
        Assert.True(a.IsReleased);
        Assert.True(movedToOuter.IsReleased);
    }

    [Fact]
    public void EndingAnOuterScopeEndsTheInnerOnesStillOpen()
    {
        var outer = BufferScope.Begin();
        var inner = BufferScope.Begin();
        var t = Tensor.Ones([2]);
        outer.Dispose();
        Assert.True(inner.IsEnded);
        Assert.True(t.IsReleased);
        Assert.Null(BufferScope.Current);
        inner.Dispose(); // already ended: nothing happens
    }

    [Fact]
    public void AnExceptionInsideAScopeReleasesItsBuffersAndRestoresTheOuterScope()
    {
        Tensor? made = null;
        Assert.Throws<ShapeMismatchException>(() =>
        {
            using var scope = BufferScope.Begin();
            made = Tensor.Ones([2, 3]);
            _ = made + Tensor.Ones([4]);
        });
        Assert.True(made!.IsReleased);
        Assert.Null(BufferScope.Current);
    }

    [Fact]
    public void DetachedTensorsOutliveEveryScope()
    {
        Tensor state;
        using (BufferScope.Begin())
        using (BufferScope.Begin())
            state = Tensor.Zeros([3]).DetachFromScope();
        Assert.False(state.IsReleased);
        Assert.Equal([0.0, 0, 0], state.ToDoubleArray());
    }

    [Fact]
    public void ARetainedGraphCanBeDifferentiatedAgainWhileItsScopeIsOpenAndFailsClearlyAfter()
    {
        var x = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 }, [3], requiresGrad: true);
        using (BufferScope.Begin())
        {
            var y = (x * x).Tanh().Sum();
            double[] first, second;
            using (BufferScope.Begin()) first = Autograd.Grad(y, x, retainGraph: true)!.ToDoubleArray();
            using (BufferScope.Begin()) second = Autograd.Grad(y, x, retainGraph: true)!.ToDoubleArray();
            Assert.Equal(first, second);
        }

        Tensor retained;
        using (BufferScope.Begin())
        {
            retained = (x * x).Tanh().Sum().MoveToOuterScope(); // the output survives, what the rules saved does not
            _ = Autograd.Grad(retained, x, retainGraph: true);
        }
        var e = Assert.Throws<BufferReleasedException>(() => Autograd.Grad(retained, x, retainGraph: true));
        Assert.Contains("grad: backward of 'tanh'", e.Message);
        Assert.Contains("shape [3]", e.Message);
    }

    [Fact]
    public void AScopeMustEndOnTheThreadThatBeganIt()
    {
        using var scope = BufferScope.Begin();
        Exception? error = null;
        var thread = new Thread(() => error = Record.Exception(scope.Dispose));
        thread.Start();
        thread.Join();
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("thread", error!.Message);
        Assert.False(scope.IsEnded);
    }

    [Fact]
    public void OwnedCountSeesAllocationsAndKeeps()
    {
        using var scope = BufferScope.Begin();
        var a = Tensor.Ones([2]);
        var b = Tensor.Ones([2]);
        Assert.Equal(2, scope.OwnedCount);
        b.DetachFromScope();
        a.Dispose();
        Assert.Equal(0, scope.OwnedCount);
        b.Dispose();
    }
}
