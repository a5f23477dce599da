namespace Engine.Tensors;

/// <summary>
/// The coefficients of one fused Adam update (torch.optim.Adam): m = b1 m + (1 - b1) g;
/// v = b2 v + (1 - b2) g^2; p -= LearningRate (m / BiasCorrection1) / (sqrt(v / BiasCorrection2) + Eps),
/// with BiasCorrection_i = 1 - b_i^t.
/// </summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Eps">Added to the denominator.</param>
/// <param name="BiasCorrection1">1 - beta1^t.</param>
/// <param name="BiasCorrection2">1 - beta2^t.</param>
public readonly record struct AdamStep(double LearningRate, double Beta1, double Beta2, double Eps, double BiasCorrection1, double BiasCorrection2);
