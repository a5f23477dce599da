using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Engine.Tensors.Formats;
using Xunit;
using Xunit.Abstractions;

namespace Engine.Tests.Hostile;

/// <summary>
/// Mutated copies of a valid file, and the rule every parser of outside files must keep on each:
/// return a result or throw <see cref="MalformedFileException"/> with a one-line message naming the
/// file, never another exception, and allocate no more than a bound (a claim in the file must not
/// drive memory). Random mutants come from CsCheck, which shrinks a failing one and prints its seed.
/// </summary>
public sealed class Mutants(string parser, string source, ITestOutputHelper output)
{
    /// <summary>Memory a parse of a small mutant may allocate: generous for a few-KB file, far below what a believed claim costs.</summary>
    public const long AllocationBound = 48L << 20;

    private readonly Dictionary<string, int> _tally = [];

    /// <summary>Mutants parsed without error, by kind.</summary>
    public int Parsed { get; private set; }

    /// <summary>Mutants refused with a <see cref="MalformedFileException"/>.</summary>
    public int Refused { get; private set; }

    // Integers that break length and offset fields: zero, negative, huge, and powers near the limits.
    private static readonly long[] Extremes = [0, -1, 1, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 31, 1L << 40, 268_435_456];

    // Text that breaks a JSON or Python literal: bad escapes, bad UTF-8, NaN and Inf, huge and negative numbers.
    private static readonly string[] TextInserts =
    [
        "\\ud800", "\\udc00", "\\uD83D", "\\u12", "\\x", "\"", "'", "NaN", "Infinity", "-Infinity", "1e999", "-1", "-0", "99999999999999999999999",
        "2147483648", "9223372036854775808", "[", "{", "(", "]", "}", ")", ",", ":", "null", "True", "\0", "\n",
    ];

    private static readonly byte[][] BadUtf8 = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];

    /// <summary>Checks <paramref name="parse"/> on one mutant; <paramref name="kind"/> labels it in failures.</summary>
    public void Check(string kind, byte[] mutant, Func<byte[], object?> parse, Func<object?, bool>? correct = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var result = parse(mutant);
            Parsed++;
            Count(kind + ": parsed");
            if (correct is not null)
                Assert.True(correct(result), $"{parser}, {kind}: parsed to a wrong result");
        }
        catch (MalformedFileException e)
        {
            Refused++;
            Count(kind + ": refused");
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains(source, e.Message);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{parser}, {kind} mutant of {mutant.Length} bytes: {e.GetType().Name}: {e.Message}");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound, $"{parser}, {kind} mutant of {mutant.Length} bytes allocated {allocated >> 20} MiB");
    }

    /// <summary>Every proper prefix of <paramref name="original"/> (a file cut short at each offset).</summary>
    public void Truncations(byte[] original, Func<byte[], object?> parse, Func<object?, bool>? correct = null, bool mustRefuse = true)
    {
        for (var n = 0; n < original.Length; n++)
        {
            var before = Refused;
            Check("truncation", original[..n], parse, correct);
            if (mustRefuse) Assert.True(Refused == before + 1, $"{parser}: the file cut to {n} of {original.Length} bytes was accepted");
        }
    }

    /// <summary><paramref name="count"/> random mutants of <paramref name="original"/> (byte and bit flips, deletions, insertions, extreme integers, bad text).</summary>
    public void Random(byte[] original, int count, Func<byte[], object?> parse, Func<object?, bool>? correct = null)
    {
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Byte)
            .Sample((kind, a, b, value) =>
            {
                var (name, mutant) = Mutate(original, kind, a, b, value);
                Check(name, mutant, parse, correct);
            }, iter: count, threads: 1);
    }

    /// <summary>Writes the tally to the test output (the note quotes it).</summary>
    public void Report()
    {
        output.WriteLine($"{parser}: {Parsed + Refused} mutants, {Refused} refused cleanly, {Parsed} parsed to a valid result, 0 other outcomes");
        foreach (var (kind, n) in _tally.OrderBy(kv => kv.Key, StringComparer.Ordinal)) output.WriteLine($"  {kind}: {n}");
    }

    private void Count(string key) => _tally[key] = _tally.GetValueOrDefault(key) + 1;

    /// <summary>One mutation of <paramref name="original"/> chosen by <paramref name="kind"/>, placed by <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static (string Kind, byte[] Bytes) Mutate(byte[] original, int kind, int a, int b, byte value)
    {
        var n = Math.Max(1, original.Length);
        var at = a % n;
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case 0:
                if (bytes.Length > 0) bytes[at] = value;
                return ("byte flip", bytes);
            case 1:
                if (bytes.Length > 0) bytes[at] ^= (byte)(1 << (b % 8));
                return ("bit flip", bytes);
            case 2:
            {
                var length = Math.Min(1 + b % 16, bytes.Length - at);
                return ("deletion", [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + Math.Max(0, length))..]]);
            }
            case 3:
                return ("insertion", [.. bytes[..Math.Min(at, bytes.Length)], value, .. bytes[Math.Min(at, bytes.Length)..]]);
            case 4:
            {
                var v = Extremes[b % Extremes.Length];
                if (at + 4 <= bytes.Length)
                {
                    if (b % 2 == 0) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), (int)v);
                    else BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), (int)v);
                }
                return ("extreme int32", bytes);
            }
            case 5:
                if (at + 8 <= bytes.Length) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), Extremes[b % Extremes.Length]);
                return ("extreme int64", bytes);
            case 6:
            {
                var length = Math.Min(1 + b % 64, bytes.Length - at);
                return ("duplicated range", [.. bytes[..(at + length)], .. bytes[at..(at + length)], .. bytes[(at + length)..]]);
            }
            case 7:
                return ("number replaced", ReplaceNumber(bytes, at, Extremes[b % Extremes.Length], b));
            case 8:
                return ("bad text inserted", [.. bytes[..Math.Min(at, bytes.Length)], .. Encoding.UTF8.GetBytes(TextInserts[b % TextInserts.Length]), .. bytes[Math.Min(at, bytes.Length)..]]);
            default:
                return ("bad UTF-8 inserted", [.. bytes[..Math.Min(at, bytes.Length)], .. BadUtf8[b % BadUtf8.Length], .. bytes[Math.Min(at, bytes.Length)..]]);
        }
    }

    /// <summary>The first run of ASCII digits at or after <paramref name="at"/> replaced by an extreme number, NaN or Inf.</summary>
    private static byte[] ReplaceNumber(byte[] bytes, int at, long extreme, int choice)
    {
        var start = Array.FindIndex(bytes, Math.Min(at, bytes.Length), c => c is >= (byte)'0' and <= (byte)'9');
        if (start < 0) return bytes;
        var end = start;
        while (end < bytes.Length && bytes[end] is >= (byte)'0' and <= (byte)'9') end++;
        string[] specials = ["NaN", "Infinity", "1e400", "-5", "1.5", "0x10"];
        var text = choice % 3 == 0 ? specials[choice / 3 % specials.Length] : extreme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [.. bytes[..start], .. Encoding.ASCII.GetBytes(text), .. bytes[end..]];
    }

    /// <summary>A JSON array nested <paramref name="depth"/> levels deep.</summary>
    public static string DeepJson(int depth) => new string('[', depth) + new string(']', depth);
}
