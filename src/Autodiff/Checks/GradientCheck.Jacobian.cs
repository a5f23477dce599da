using Engine.Tensors;

namespace Engine.Autodiff;

public static partial class GradientCheck
{
    private static GradCheckResult CheckFull(Func<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] outputs, int[] checkedInputs,
        GradCheckOptions o, string name)
    {
        // numeric[c][j][k]: d output_k (flattened over all outputs) / d x_c[j], by central differences
        var numeric = new double[checkedInputs.Length][][];
        for (var c = 0; c < checkedInputs.Length; c++)
        {
            var i = checkedInputs[c];
            var x0 = inputs[i].ToDoubleArray();
            numeric[c] = new double[x0.Length][];
            for (var j = 0; j < x0.Length; j++)
            {
                var plus = Evaluate(f, inputs, i, x0, j, +o.Eps);
                var minus = Evaluate(f, inputs, i, x0, j, -o.Eps);
                numeric[c][j] = new double[plus.Length];
                for (var k = 0; k < plus.Length; k++) numeric[c][j][k] = (plus[k] - minus[k]) / (2 * o.Eps);
            }
        }
        // analytic: one backward per output element (one-hot grad-output) gives a row for every input
        var worst = new Worst();
        var checkedTensors = checkedInputs.Select(i => inputs[i]).ToArray();
        var offset = 0;
        for (var oi = 0; oi < outputs.Length; oi++)
        {
            for (var k = 0; k < outputs[oi].Numel; k++)
            {
                var rows = AnalyticRows(outputs[oi], k, checkedTensors);
                for (var c = 0; c < checkedInputs.Length; c++)
                for (var j = 0; j < numeric[c].Length; j++)
                    worst.Consider(rows[c]?[j] ?? 0.0, numeric[c][j][offset + k], o, checkedInputs[c], oi, j, k);
            }
            offset += outputs[oi].Numel;
        }
        return worst.Result(name, inputs, outputs, o);
    }

    private static GradCheckResult CheckFast(Func<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] outputs, int[] checkedInputs,
        GradCheckOptions o, string name)
    {
        var generator = new RandomStream(o.Seed);
        var v = outputs.Select(y => Tensor.Normal(generator, y.Shape, dtype: DType.Float64, backend: y.Backend)).ToArray();
        var vFlat = v.SelectMany(t => t.ToDoubleArray()).ToArray();
        var worst = new Worst();
        foreach (var i in checkedInputs)
        {
            using var scope = BufferScope.Begin();
            var u = Tensor.Normal(generator, inputs[i].Shape, dtype: DType.Float64, backend: inputs[i].Backend).ToDoubleArray();
            var x0 = inputs[i].ToDoubleArray();
            var plus = EvaluateDirection(f, inputs, i, x0, u, +o.Eps);
            var minus = EvaluateDirection(f, inputs, i, x0, u, -o.Eps);
            var numeric = 0.0;
            for (var k = 0; k < plus.Length; k++) numeric += vFlat[k] * (plus[k] - minus[k]) / (2 * o.Eps);

            var analytic = 0.0;
            var used = Enumerable.Range(0, outputs.Length).Where(j => outputs[j].RequiresGrad).ToArray();
            if (used.Length > 0)
            {
                var g = Autograd.Grad(used.Select(j => outputs[j]).ToArray(), [inputs[i]], used.Select(j => (Tensor?)v[j]).ToArray(),
                    retainGraph: true, allowUnused: true)[0];
                if (g is not null)
                {
                    var ga = g.ToDoubleArray();
                    for (var j = 0; j < ga.Length; j++) analytic += ga[j] * u[j];
                }
            }
            worst.Consider(analytic, numeric, o, i, -1, -1, -1);
        }
        return worst.Result(name + " (fast mode: v^T J u)", inputs, outputs, o);
    }

    /// <summary>d output[k] / d input for each input, flattened; null for an input not on the path.</summary>
    private static double[]?[] AnalyticRows(Tensor output, int k, Tensor[] inputs)
    {
        if (!output.RequiresGrad) return new double[]?[inputs.Length];
        using var scope = BufferScope.Begin();
        var oneHot = new double[output.Numel];
        oneHot[k] = 1.0;
        var seed = Tensor.FromArray(oneHot, output.Shape, backend: output.Backend);
        var grads = Autograd.Grad([output], inputs, [seed], retainGraph: true, allowUnused: true);
        return grads.Select(g => g?.ToDoubleArray()).ToArray();
    }

    private static double[] Evaluate(Func<Tensor[], Tensor[]> f, Tensor[] inputs, int i, double[] x0, int j, double delta)
    {
        var x = (double[])x0.Clone();
        x[j] += delta;
        return EvaluateAt(f, inputs, i, x);
    }

    private static double[] EvaluateDirection(Func<Tensor[], Tensor[]> f, Tensor[] inputs, int i, double[] x0, double[] u, double delta)
    {
        var x = new double[x0.Length];
        for (var j = 0; j < x.Length; j++) x[j] = x0[j] + delta * u[j];
        return EvaluateAt(f, inputs, i, x);
    }

    private static double[] EvaluateAt(Func<Tensor[], Tensor[]> f, Tensor[] inputs, int i, double[] x)
    {
        using var scope = BufferScope.Begin();
        var perturbed = (Tensor[])inputs.Clone();
        // A fresh leaf that requires grad like the original, so f behaves exactly as in the analytic pass.
        perturbed[i] = Tensor.FromArray(x, inputs[i].Shape, inputs[i].RequiresGrad, inputs[i].Backend);
        using (GradMode.EnableGrad())
            return f(perturbed).SelectMany(y => y.ToDoubleArray()).ToArray();
    }

    /// <summary>Tracks the element whose error exceeds its tolerance by the most.</summary>
    private sealed class Worst
    {
        private double _excess = double.NegativeInfinity;
        private int _input = -1, _output = -1, _inputElement = -1, _outputElement = -1, _count;
        private double _analytic, _numeric;

        public void Consider(double analytic, double numeric, GradCheckOptions o, int input, int output, int inputElement, int outputElement)
        {
            var excess = Math.Abs(analytic - numeric) - (o.Atol + o.Rtol * Math.Abs(numeric));
            if (double.IsNaN(analytic) != double.IsNaN(numeric) || double.IsNaN(excess)) excess = double.PositiveInfinity;
            _count++;
            if (excess <= _excess) return;
            (_excess, _input, _output, _inputElement, _outputElement, _analytic, _numeric) =
                (excess, input, output, inputElement, outputElement, analytic, numeric);
        }

        public GradCheckResult Result(string name, Tensor[] inputs, Tensor[] outputs, GradCheckOptions o)
        {
            if (_excess <= 0 || _count == 0)
                return new GradCheckResult(true, $"gradcheck passed for '{name}' ({_count} comparisons)");
            var inIdx = _inputElement >= 0 ? Unravel(_inputElement, inputs[_input].Shape) : null;
            var outIdx = _output >= 0 && _outputElement >= 0 ? Unravel(_outputElement, outputs[_output].Shape) : null;
            var where = inIdx is null ? "" : $" at element {Shape.Format(inIdx)}";
            var outWhere = outIdx is null ? "" : $", output {_output} {outputs[_output].ShapeString} element {Shape.Format(outIdx)}";
            var message = $"gradcheck failed for '{name}': input {_input} {inputs[_input].ShapeString}{where}{outWhere}: " +
                          $"analytic {_analytic:R} vs numeric {_numeric:R} (|diff| {Math.Abs(_analytic - _numeric):G4} > atol {o.Atol:G3} + rtol {o.Rtol:G3} * |numeric|)";
            return new GradCheckResult(false, message, _input, _output, inIdx, outIdx, _analytic, _numeric);
        }

        private static int[] Unravel(int flat, int[] shape)
        {
            var idx = new int[shape.Length];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
                flat = shape[d] == 0 ? 0 : flat / shape[d];
            }
            return idx;
        }
    }
}
