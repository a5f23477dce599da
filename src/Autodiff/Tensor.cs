using Engine.Autodiff.Inspection;
using Engine.Tensors;

namespace Engine.Autodiff;

/// <summary>
/// A differentiable tensor: an <see cref="NDArray"/> plus its place in the graph. Ops on tensors
/// that require grad record a <see cref="Node"/> whose backward rule is written in tensor ops,
/// so gradients are differentiable again (see <see cref="Autograd.Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor?}?, bool, bool?, bool)"/>).
/// </summary>
public sealed partial class Tensor
{
    private bool _requiresGrad;

    /// <summary>Wraps raw data as a leaf tensor.</summary>
    public Tensor(NDArray data, bool requiresGrad = false)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        RequiresGrad = requiresGrad;
    }

    /// <summary>The raw array (shape, strides, buffer on a backend).</summary>
    public NDArray Data { get; }

    /// <summary>The node that created this tensor, or null for a leaf or a tensor made without grad.</summary>
    public Node? Node { get; private set; }

    /// <summary>Sizes of the dimensions.</summary>
    public int[] Shape => Data.Shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Data.Rank;

    /// <summary>Number of elements.</summary>
    public int Numel => Data.Numel;

    /// <summary>Element type.</summary>
    public DType DType => Data.DType;

    /// <summary>The backend holding the data.</summary>
    public IBackend Backend => Data.Backend;

    /// <summary>An optional name shown in messages and graph exports (e.g. a parameter's state_dict name).</summary>
    public string? Name { get; set; }

    /// <summary>True for tensors created by the user (no <see cref="Node"/>).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Accumulated gradient written by <see cref="Autograd.Backward"/> (leaves only).</summary>
    public Tensor? Grad { get; set; }

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves only; a tensor produced by an op
    /// requires grad when any input did (and grad mode was on).
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (Node is not null && !value)
                throw new InvalidOperationException(
                    $"RequiresGrad: cannot turn off grad on a non-leaf tensor {ShapeString} made by '{Node.Op}'; use Detach() instead");
            _requiresGrad = value;
        }
    }

    /// <summary>Shape formatted for messages, e.g. "[2, 3]".</summary>
    public string ShapeString => Data.ShapeString;

    /// <summary>A tensor sharing this one's data but cut from the graph (never requires grad).</summary>
    public Tensor Detach() => new(Data);

    /// <summary>Marks a leaf as requiring grad and returns it (for fluent construction).</summary>
    public Tensor RequireGrad()
    {
        RequiresGrad = true;
        return this;
    }

    /// <summary>
    /// Creates an op's output and, when grad mode is on and any input requires grad, attaches a
    /// node holding <paramref name="rule"/>. Every op goes through here. <paramref name="inputs"/>
    /// are the op's input slots (null for an absent optional input: the engine skips it and drops
    /// the rule's gradient for it); <paramref name="uses"/> declares what the rule reads, from which
    /// the node's saved tensors follow, with <paramref name="extra"/> for state the op computed
    /// beside its output (layer norm's statistics).
    /// </summary>
    internal static Tensor Record(string op, NDArray result, Tensor?[] inputs, BackwardRule rule, Uses uses = Uses.None, Tensor[]? extra = null)
    {
        var output = new Tensor(result);
        if (GradMode.IsEnabled)
        {
            foreach (var input in inputs)
            {
                if (input is null || !input.RequiresGrad) continue;
                output.Node = new Node(op, inputs, rule, GradMode.CurrentPass, uses, output, extra ?? []);
                output._requiresGrad = true;
                break;
            }
        }
        // Inspection (profiles, anomaly mode): a single null check when no observer is installed.
        if (OpObserver.Current is not null) OpObserver.Report(op, output.Node?.Inputs.ToArray() ?? inputs.OfType<Tensor>().ToArray(), [output]);
        return output;
    }

    /// <summary>
    /// Creates the output of a piecewise-constant op of two inputs (a comparison): never recorded,
    /// but reported to the op observer like every other op.
    /// </summary>
    internal static Tensor Constant(string op, NDArray result, Tensor a, Tensor b)
    {
        var output = new Tensor(result);
        if (OpObserver.Current is not null) OpObserver.Report(op, [a, b], [output]);
        return output;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var grad = Node is not null ? $", grad_fn={Node.Op}" : RequiresGrad ? ", requires_grad" : "";
        return $"Tensor({DType.Name()}, {ShapeString}, {Backend.Name}{grad})";
    }
}
