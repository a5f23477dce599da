using Engine.Tensors;

namespace Engine.Gan.Models;

/// <summary>What every model builder needs: width, init seed source, dtype, backend, and whether the critic is spectrally normalised.</summary>
/// <param name="Width">Hidden width (toy-mlp: 512; mnist-dcgan: DIM = 64).</param>
/// <param name="Rng">Random stream for the initial weights.</param>
/// <param name="DType">Element type of the parameters.</param>
/// <param name="Backend">Where the parameters live.</param>
/// <param name="SpectralNorm">Spectrally normalise the critic's weights.</param>
public sealed record ModelOptions(int Width, RandomStream Rng, DType DType, IBackend Backend, bool SpectralNorm = false);
