namespace Engine.Tensors;

/// <summary>
/// The coefficients of one fused RMSProp update (torch.optim.RMSprop without momentum):
/// v = alpha v + (1 - alpha) g^2; p -= LearningRate g / (sqrt(v) + Eps).
/// </summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Alpha">Decay of the squared-gradient average.</param>
/// <param name="Eps">Added to the denominator.</param>
public readonly record struct RmsPropStep(double LearningRate, double Alpha, double Eps);
