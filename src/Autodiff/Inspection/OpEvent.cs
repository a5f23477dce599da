using Engine.Tensors;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// One executed op as seen by an <see cref="IOpObserver"/>: its name, inputs, outputs, the pass it
/// ran in, whether it recorded a node, and its modelled cost (<see cref="OpCost"/>).
/// </summary>
public sealed class OpEvent
{
    internal OpEvent(string op, Tensor[] inputs, Tensor[] outputs, int pass, Node? node)
    {
        Op = op;
        Inputs = inputs;
        Outputs = outputs;
        Pass = pass;
        Node = node;
        Module = node?.Module ?? ModuleScope.Current;
        InputShapes = Array.ConvertAll(inputs, t => t.Shape);
        InputDTypes = Array.ConvertAll(inputs, t => t.DType);
        OutputIsView = Array.Exists(inputs, t => ReferenceEquals(t.Data.Buffer, outputs[0].Data.Buffer));
        Cost = OpCost.Estimate(op, InputShapes, Array.ConvertAll(outputs, t => t.Shape), Output.DType, OutputIsView);
    }

    /// <summary>The op's name as recorded ("matmul", "tanh", "layer_norm_backward", ...).</summary>
    public string Op { get; }

    /// <summary>
    /// <see cref="GradMode.CurrentPass"/> when the op ran: 0 in forward code, n inside an n-th order
    /// backward walk (also when that walk records nothing).
    /// </summary>
    public int Pass { get; }

    /// <summary>"forward", "backward", "double backward" or "pass n".</summary>
    public string PassName => PassNames.Describe(Pass);

    /// <summary>The op's inputs, in order (for a fused kernel, the arrays it read).</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>The op's outputs; one for every op but fused kernels such as layer_norm_backward (dx, dw, db).</summary>
    public IReadOnlyList<Tensor> Outputs { get; }

    /// <summary>The first (usually the only) output.</summary>
    public Tensor Output => Outputs[0];

    /// <summary>Shapes of the inputs.</summary>
    public IReadOnlyList<int[]> InputShapes { get; }

    /// <summary>Element types of the inputs.</summary>
    public IReadOnlyList<DType> InputDTypes { get; }

    /// <summary>Shape of <see cref="Output"/>.</summary>
    public int[] OutputShape => Output.Shape;

    /// <summary>Element type of <see cref="Output"/>.</summary>
    public DType OutputDType => Output.DType;

    /// <summary>True when the output shares an input's buffer (a view: nothing was copied).</summary>
    public bool OutputIsView { get; }

    /// <summary>The node the op recorded, or null (grad mode off, or no input required grad).</summary>
    public Node? Node { get; }

    /// <summary>
    /// The module the op belongs to ("l2", "conv3"): the one whose forward ran it, or, in a backward
    /// pass, the one whose op is being differentiated. Null outside every module (the loss, the penalty's arithmetic).
    /// </summary>
    public string? Module { get; }

    /// <summary>True when the op recorded a node.</summary>
    public bool RecordedNode => Node is not null;

    /// <summary>Modelled floating-point operations and bytes moved (see <see cref="OpCost"/>).</summary>
    public OpCost Cost { get; }

    /// <summary>Modelled floating-point operations.</summary>
    public long Flops => Cost.Flops;

    /// <summary>Modelled bytes read and written.</summary>
    public long Bytes => Cost.Bytes;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Op} ({PassName}) {string.Join(", ", InputShapes.Select(s => Shape.Format(s)))} -> {Shape.Format(OutputShape)}{(RecordedNode ? " [node]" : "")}";
}
