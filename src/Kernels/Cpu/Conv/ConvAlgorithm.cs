namespace Engine.Kernels.Cpu;

/// <summary>How the CPU backend computes conv2d's forward pass, input gradient and weight gradient.</summary>
public enum ConvAlgorithm
{
    /// <summary>Direct where it is faster and gives the im2col path's numbers (AVX-512, more than 4 channels, positions and taps; for grad-input at least one full panel of input channels and one K block of output channels), else im2col.</summary>
    Auto,

    /// <summary>A column matrix (im2col) multiplied by the blocked GEMM.</summary>
    Im2ColGemm,

    /// <summary>Broadcasts from the padded input against packed channel panels, with no column matrix (any machine; fast with AVX-512).</summary>
    Direct,
}
