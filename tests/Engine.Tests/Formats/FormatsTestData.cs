using Xunit;
using System.Buffers.Binary;
using System.Text;
using Engine.Tensors;
using Engine.Tensors.Formats;

namespace Engine.Tests.Formats;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "engine-formats-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

internal static class FormatsTestData
{
    /// <summary>A tensor of the given dtype and shape whose values are distinct and not integers.</summary>
    public static HostTensor Ramp(string name, DType dtype, params int[] shape)
    {
        var n = Shape.Numel(shape);
        var values = Enumerable.Range(0, n).Select(i => (i - n / 3.0) * 0.37 + 1e-3).ToArray();
        return dtype == DType.Float64
            ? new HostTensor(name, shape, values)
            : new HostTensor(name, shape, values.Select(v => (float)v).ToArray());
    }

    /// <summary>A safetensors file built by hand: the length prefix, the header text as given, then the data.</summary>
    public static byte[] SafeTensorsBytes(string header, params byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    /// <summary>Little-endian bytes of float32 values.</summary>
    public static byte[] F32(params float[] values) =>
        values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); return b; }).ToArray();

    /// <summary>Little-endian bytes of float64 values.</summary>
    public static byte[] F64(params double[] values) =>
        values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); return b; }).ToArray();

    /// <summary>A .npy file built by hand: magic, version, header length, the header text as given, then the data.</summary>
    public static byte[] NpyBytes(string header, byte major, byte[] data)
    {
        var text = Encoding.ASCII.GetBytes(header);
        var lengthSize = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthSize + text.Length + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 }.CopyTo(bytes, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        text.CopyTo(bytes, 8 + lengthSize);
        data.CopyTo(bytes, 8 + lengthSize + text.Length);
        return bytes;
    }

    /// <summary>Asserts two tensors have the same name, dtype, shape and bit-identical elements.</summary>
    public static void AssertSame(HostTensor expected, HostTensor actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Data.GetType(), actual.Data.GetType());
        if (expected.Data is float[] f) Assert.Equal(f, (float[])actual.Data);
        else Assert.Equal((double[])expected.Data, (double[])actual.Data);
    }
}
