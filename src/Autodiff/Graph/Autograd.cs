using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// The reverse-mode walk. All bookkeeping lives here, never in rules: pruning to the nodes
/// between outputs and the requested inputs, summing gradients back over broadcast dimensions,
/// accumulating fan-out with a differentiable add, and freeing the graph unless retained.
/// </summary>
public static class Autograd
{
    /// <summary>
    /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (PyTorch's
    /// autograd.grad). With <paramref name="createGraph"/> the backward rules record, so the result
    /// can be differentiated again. <paramref name="gradOutputs"/> defaults to ones for scalar outputs.
    /// An input not on the path yields null when <paramref name="allowUnused"/>, an error otherwise.
    /// </summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? gradOutputs = null,
        bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
    {
        if (outputs.Count == 0) throw new ArgumentException("grad: no outputs given");
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"grad: {outputs.Count} outputs but {gradOutputs.Count} gradOutputs");
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].RequiresGrad)
                throw new InvalidOperationException(
                    $"grad: input {i} {inputs[i].ShapeString}{NameOf(inputs[i])} does not require grad; set RequiresGrad = true on it before computing the outputs");
        }
        var targets = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var grads = Walk(outputs, gradOutputs, targets, collectLeaves: false, createGraph, retainGraph ?? createGraph);
        var result = new Tensor?[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g)) result[i] = g;
            else if (!allowUnused)
                throw new InvalidOperationException(
                    $"grad: input {i} {inputs[i].ShapeString}{NameOf(inputs[i])} is not on the path from the outputs (it was not used to compute them); pass allowUnused: true to get null for it");
        }
        return result;
    }

    /// <summary>Gradient of one output with respect to one input.</summary>
    public static Tensor? Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool createGraph = false, bool? retainGraph = null, bool allowUnused = false) =>
        Grad([output], [input], gradOutput is null ? null : [gradOutput], createGraph, retainGraph, allowUnused)[0];

    /// <summary>
    /// Accumulates d output / d leaf into <see cref="Tensor.Grad"/> of every leaf that requires grad
    /// and lies on the path. The graph is freed afterwards unless <paramref name="retainGraph"/>.
    /// </summary>
    public static void Backward(this Tensor output, Tensor? gradOutput = null, bool createGraph = false, bool? retainGraph = null)
    {
        var grads = Walk([output], gradOutput is null ? null : [gradOutput], new HashSet<Tensor>(ReferenceEqualityComparer.Instance),
            collectLeaves: true, createGraph, retainGraph ?? createGraph);
        using var mode = GradMode.ForPass(createGraph, GradMode.CurrentPass);
        foreach (var (leaf, g) in grads)
            leaf.Grad = leaf.Grad is null ? g : leaf.Grad + g;
    }

    private static Dictionary<Tensor, Tensor> Walk(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor?>? gradOutputs, HashSet<Tensor> targets,
        bool collectLeaves, bool createGraph, bool retainGraph)
    {
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            if (!output.RequiresGrad)
                throw new InvalidOperationException(
                    $"grad: output {i} {output.ShapeString} does not require grad and has no graph (was it computed under NoGrad, or from tensors that do not require grad?)");
            var seed = gradOutputs?[i] ?? DefaultGradOutput(output, i);
            CheckSameGeometry("grad", $"gradOutputs[{i}]", seed, output);
            Accumulate(grads, output, seed);
        }

        var (order, onPath) = TopologicalOrder(outputs, targets, collectLeaves);
        // Nodes this walk records belong to one pass: one past the deepest pass it differentiates
        // (1 for a backward of a forward graph, 2 for the backward of a backward, ...).
        var pass = 1 + order.Select(t => t.Node?.Pass ?? -1).DefaultIfEmpty(-1).Max();
        for (var k = order.Count - 1; k >= 0; k--)
        {
            var t = order[k];
            var node = t.Node;
            if (node is null || targets.Contains(t) && !node.Inputs.Any(onPath.Contains)) continue;
            if (!grads.TryGetValue(t, out var g)) continue;
            if (node.IsFreed)
                throw new InvalidOperationException(
                    $"grad: trying to differentiate through '{node.Op}' (output {t.ShapeString}) a second time, but its graph was freed by an earlier backward; pass retainGraph: true (or createGraph: true) to the first call");
            var needs = new bool[node.Inputs.Count];
            for (var j = 0; j < needs.Length; j++) needs[j] = onPath.Contains(node.Inputs[j]);

            Tensor?[] inputGrads;
            try
            {
                using (GradMode.ForPass(createGraph, pass))
                    inputGrads = node.Apply(g, needs);
            }
            catch (BufferReleasedException e) when (!e.Message.StartsWith("grad: ", StringComparison.Ordinal))
            {
                // A retained graph outlived the scope that held what its rules saved.
                throw new BufferReleasedException($"grad: backward of '{node.Op}' (output {t.ShapeString}): {e.Message}");
            }

            for (var j = 0; j < needs.Length; j++)
            {
                var gi = inputGrads[j];
                if (!needs[j] || gi is null) continue;
                var input = node.Inputs[j];
                using (GradMode.ForPass(createGraph, pass))
                {
                    if (!Shape.Equal(gi.Shape, input.Shape)) gi = gi.SumTo(input.Shape);
                    CheckSameGeometry(node.Op, $"gradient of input {j}", gi, input);
                    Accumulate(grads, input, gi);
                }
            }
            if (!targets.Contains(t)) grads.Remove(t);
            if (!retainGraph) node.Free();
        }

        var result = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (t, g) in grads)
            if (targets.Contains(t) || collectLeaves && t.IsLeaf && t.RequiresGrad) result[t] = g;
        return result;
    }

    /// <summary>
    /// Post-order DFS (iterative, so deep graphs cannot overflow the stack) over tensors that lie on a
    /// path from the outputs to a target (or to any leaf requiring grad when collecting leaves).
    /// </summary>
    private static (List<Tensor> Order, HashSet<Tensor> OnPath) TopologicalOrder(IReadOnlyList<Tensor> outputs, HashSet<Tensor> targets, bool collectLeaves)
    {
        var onPath = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var order = new List<Tensor>();
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        foreach (var output in outputs)
        {
            if (!visited.Add(output)) continue;
            stack.Push((output, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.Node?.Inputs;
                if (inputs is not null && next < inputs.Count)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
                    continue;
                }
                // All inputs done: t is on the path when it is a target or feeds one.
                var needed = targets.Contains(t) || collectLeaves && t.IsLeaf && t.RequiresGrad;
                if (!needed && inputs is not null)
                    foreach (var input in inputs)
                        if (onPath.Contains(input)) { needed = true; break; }
                if (needed)
                {
                    onPath.Add(t);
                    order.Add(t);
                }
            }
        }
        return (order, onPath);
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor t, Tensor g)
    {
        // Fan-out: a tensor used twice gets the sum, through a differentiable add when recording.
        grads[t] = grads.TryGetValue(t, out var existing) ? existing + g : g;
    }

    private static Tensor DefaultGradOutput(Tensor output, int index)
    {
        if (output.Numel != 1)
            throw new InvalidOperationException(
                $"grad: output {index} has shape {output.ShapeString} ({output.Numel} elements); gradOutputs can be omitted only for scalar outputs, so pass one of that shape");
        return new Tensor(NDArray.Full(output.Backend, output.DType, 1.0, output.Shape));
    }

    private static void CheckSameGeometry(string op, string what, Tensor g, Tensor like)
    {
        if (!Shape.Equal(g.Shape, like.Shape))
            throw new ShapeMismatchException($"{op}: {what} has shape {g.ShapeString} but the tensor it belongs to has shape {like.ShapeString}");
        if (g.DType != like.DType)
            throw new DTypeMismatchException($"{op}: {what} is {g.DType.Name()} but the tensor it belongs to is {like.DType.Name()}");
    }

    private static string NameOf(Tensor t) => t.Name is null ? "" : $" '{t.Name}'";
}
