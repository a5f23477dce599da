using System.Globalization;
using System.Text;
using Engine.Tensors;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// Exports the graph behind some tensors as Graphviz DOT: one box per op (name, pass, output shape
/// and dtype, saved tensors), one ellipse per leaf (name, shape; filled when it requires grad),
/// edges from each input to the op that read it, ops coloured and clustered by pass. Ids
/// (t0, t1, ...) follow a fixed walk from the outputs, so the same graph exports the same text.
/// </summary>
public static class GraphDot
{
    private static readonly string[] PassColors = ["#cfe2f3", "#fce5cd", "#d9ead3", "#ead1dc", "#fff2cc", "#d0e0e3"];

    /// <summary>The DOT text of the graph reachable from <paramref name="outputs"/> through node inputs.</summary>
    public static string Export(IReadOnlyList<Tensor> outputs, DotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var o = options ?? new DotOptions();
        var tensors = Reachable(outputs, o.ShowConstants);
        var ids = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < tensors.Count; i++) ids[tensors[i]] = "t" + i.ToString(CultureInfo.InvariantCulture);
        var isOutput = new HashSet<Tensor>(outputs, ReferenceEqualityComparer.Instance);

        var sb = new StringBuilder();
        sb.Append("digraph ").Append(Quote(o.GraphName)).AppendLine(" {");
        sb.Append("  rankdir=").Append(Quote(o.RankDirection)).AppendLine(";");
        sb.AppendLine("  node [fontname=\"Helvetica\", fontsize=10];");
        foreach (var leaf in tensors.Where(t => t.Node is null))
            sb.Append("  ").Append(ids[leaf]).Append(' ').Append(LeafAttributes(leaf, isOutput.Contains(leaf))).AppendLine(";");
        foreach (var pass in tensors.Where(t => t.Node is not null).GroupBy(t => t.Node!.Pass).OrderBy(g => g.Key))
        {
            var indent = o.ClusterByPass ? "    " : "  ";
            if (o.ClusterByPass)
            {
                sb.Append("  subgraph cluster_pass").Append(pass.Key).AppendLine(" {");
                sb.Append("    label=").Append(Quote(PassNames.Describe(pass.Key))).Append("; style=\"rounded\"; color=")
                    .Append(Quote(ColorOf(pass.Key))).AppendLine(";");
            }
            foreach (var t in pass)
                sb.Append(indent).Append(ids[t]).Append(' ').Append(OpAttributes(t, isOutput.Contains(t))).AppendLine(";");
            if (o.ClusterByPass) sb.AppendLine("  }");
        }
        foreach (var t in tensors.Where(t => t.Node is not null))
            foreach (var input in t.Node!.Inputs)
                if (ids.TryGetValue(input, out var from)) sb.Append("  ").Append(from).Append(" -> ").Append(ids[t]).AppendLine(";");
        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Export"/>'s text to <paramref name="path"/> (render with <c>dot -Tsvg</c>).</summary>
    public static void Write(string path, IReadOnlyList<Tensor> outputs, DotOptions? options = null) =>
        File.WriteAllText(path, Export(outputs, options));

    /// <summary>Tensors reachable from the outputs, in discovery order, found with an explicit stack (deep graphs cannot overflow).</summary>
    private static List<Tensor> Reachable(IReadOnlyList<Tensor> outputs, bool showConstants)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var order = new List<Tensor>();
        var stack = new Stack<Tensor>();
        for (var i = outputs.Count - 1; i >= 0; i--) stack.Push(outputs[i]);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (!seen.Add(t)) continue;
            order.Add(t);
            var inputs = t.Node?.Inputs ?? [];
            // Pushed in reverse so that input 0 is discovered (and numbered) first.
            for (var i = inputs.Count - 1; i >= 0; i--)
            {
                var input = inputs[i];
                if (showConstants || input.Node is not null || input.RequiresGrad) stack.Push(input);
            }
        }
        return order;
    }

    private static string OpAttributes(Tensor t, bool output)
    {
        var node = t.Node!;
        var saved = node.IsFreed ? "saved: freed" : $"saved: {node.Saved.Count} ({Bytes(node.Saved)})";
        var label = $"{node.Op}\n{PassNames.Describe(node.Pass)}\n{Shape.Format(t.Shape)} {t.DType.Name()}\n{saved}";
        if (t.Name is not null) label = $"{t.Name}\n{label}";
        var border = output ? ", peripheries=2" : "";
        return $"[label={Quote(label)}, shape=box, style=\"filled,rounded\", fillcolor={Quote(ColorOf(node.Pass))}{border}]";
    }

    private static string LeafAttributes(Tensor t, bool output)
    {
        var name = t.Name ?? (t.RequiresGrad ? "leaf" : "constant");
        var label = $"{name}\n{Shape.Format(t.Shape)} {t.DType.Name()}";
        var style = t.RequiresGrad ? "style=filled, fillcolor=\"#ffe599\"" : "style=dashed, color=\"#999999\"";
        var border = output ? ", peripheries=2" : "";
        return $"[label={Quote(label)}, shape=ellipse, {style}{border}]";
    }

    private static string ColorOf(int pass) => PassColors[pass % PassColors.Length];

    /// <summary>Bytes of the distinct buffers the saved tensors hold.</summary>
    private static string Bytes(IReadOnlyList<Tensor> saved)
    {
        var bytes = saved.Select(s => s.Data.Buffer).Distinct(ReferenceEqualityComparer.Instance).Cast<IDeviceBuffer>()
            .Sum(b => (long)b.Length * b.DType.SizeOf());
        return bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }

    /// <summary>A DOT string literal: backslashes and quotes escaped, line breaks as \n (centred lines).</summary>
    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "").Replace("\n", "\\n") + "\"";
}
