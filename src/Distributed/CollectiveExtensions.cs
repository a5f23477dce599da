using System.Runtime.InteropServices;

namespace Engine.Distributed;

/// <summary>Typed and scalar forms of the byte-level collectives.</summary>
public static class CollectiveExtensions
{
    /// <summary>Broadcasts a span of any unmanaged type from <paramref name="root"/>, as its bytes.</summary>
    public static void Broadcast<T>(this ICollective collective, Span<T> values, int root) where T : unmanaged =>
        collective.Broadcast(MemoryMarshal.AsBytes(values), root);

    /// <summary>Rank <paramref name="root"/>'s <paramref name="value"/>, on every rank.</summary>
    public static T Broadcast<T>(this ICollective collective, T value, int root) where T : unmanaged
    {
        Span<T> one = [value];
        collective.Broadcast(one, root);
        return one[0];
    }

    /// <summary>Rank <paramref name="root"/>'s string (UTF-8), on every rank.</summary>
    public static string BroadcastString(this ICollective collective, string value, int root)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        var length = collective.Broadcast(bytes.Length, root);
        if (collective.Rank != root) bytes = new byte[length];
        collective.Broadcast(bytes.AsSpan(), root);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>True on every rank when <paramref name="flag"/> is true on at least one (a stop every rank agrees on).</summary>
    public static bool AnyRank(this ICollective collective, bool flag)
    {
        Span<double> one = [flag ? 1 : 0];
        collective.AllReduceSum(one);
        return one[0] > 0;
    }
}
