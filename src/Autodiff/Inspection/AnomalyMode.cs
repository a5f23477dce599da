using Engine.Tensors;

namespace Engine.Autodiff.Inspection;

/// <summary>
/// A debugging mode, like torch.autograd.detect_anomaly: while on, every op's outputs are copied to
/// the host and checked, and the first NaN or infinity throws an <see cref="AnomalyException"/>
/// naming the op, its pass and its shapes, from inside the forward or backward that made it. Slow:
/// for finding a bug, not for training.
/// </summary>
public static class AnomalyMode
{
    /// <summary>
    /// Turns anomaly detection on for this thread until the returned scope is disposed. It installs
    /// an op observer that passes every event on to the observer installed before it, so a
    /// profiler installed first keeps counting.
    /// </summary>
    public static OpObserverScope Enable() => OpObserver.Install(new AnomalyDetector(OpObserver.Current));

    /// <summary>True when anomaly detection is on on this thread.</summary>
    public static bool IsEnabled => OpObserver.Current is AnomalyDetector;

    private sealed class AnomalyDetector(IOpObserver? next) : IOpObserver
    {
        public void OnOp(OpEvent e)
        {
            next?.OnOp(e);
            var problem = Problem(e.Outputs);
            if (problem is null) return;
            var bad = new List<int>();
            for (var i = 0; i < e.Inputs.Count; i++)
                if (Problem([e.Inputs[i]]) is not null) bad.Add(i);
            throw new AnomalyException(e.Op, e.Pass, e.InputShapes, e.OutputShape, problem, bad, Message(e, problem, bad));
        }

        public void OnNodeFreed(Node node) => next?.OnNodeFreed(node);

        private static string Message(OpEvent e, string problem, List<int> bad)
        {
            var inputs = e.InputShapes.Count == 0 ? "no inputs" : "inputs " + string.Join(", ", e.InputShapes.Select(s => Shape.Format(s)));
            var head = $"anomaly: '{e.Op}' in the {e.PassName} pass";
            var output = Shape.Format(e.OutputShape);
            if (bad.Count == 0) return $"{head} produced {problem} in its output {output} from {inputs} (all finite: this op created it)";
            var which = string.Join(", ", bad.Select(i => $"{i} ({Problem([e.Inputs[i]])})"));
            return $"{head} propagated {problem} to its output {output} from {inputs}; input {which} already held it, so it was created earlier (outside anomaly mode or in an input tensor)";
        }

        /// <summary>"NaN", "Inf", "NaN and Inf", or null when every element is finite.</summary>
        private static string? Problem(IEnumerable<Tensor> tensors)
        {
            bool nan = false, inf = false;
            foreach (var t in tensors)
            {
                if (t.Numel == 0) continue;
                foreach (var v in t.ToDoubleArray())
                {
                    if (double.IsNaN(v)) nan = true;
                    else if (double.IsInfinity(v)) inf = true;
                }
            }
            return nan && inf ? "NaN and Inf" : nan ? "NaN" : inf ? "Inf" : null;
        }
    }
}
