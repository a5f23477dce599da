namespace Engine.Tensors;

/// <summary>
/// Stride, padding and dilation of a 2-D convolution (height, width). The output size of a conv
/// is (in + 2 pad - dilation (k - 1) - 1) / stride + 1 along each axis.
/// </summary>
public readonly record struct Conv2dGeometry(int StrideH = 1, int StrideW = 1, int PadH = 0, int PadW = 0, int DilationH = 1, int DilationW = 1)
{
    /// <summary>Stride 1, no padding, dilation 1. (Without this, <c>new Conv2dGeometry()</c> would zero every field.)</summary>
    public Conv2dGeometry() : this(1, 1, 0, 0, 1, 1) { }

    /// <summary>Output height of a conv over an input of height <paramref name="inH"/> with kernel height <paramref name="kH"/>.</summary>
    public int OutH(int inH, int kH) => (inH + 2 * PadH - DilationH * (kH - 1) - 1) / StrideH + 1;

    /// <summary>Output width of a conv over an input of width <paramref name="inW"/> with kernel width <paramref name="kW"/>.</summary>
    public int OutW(int inW, int kW) => (inW + 2 * PadW - DilationW * (kW - 1) - 1) / StrideW + 1;
}
