namespace Engine.Distributed;

/// <summary>Argument checks shared by every collective implementation.</summary>
internal static class CollectiveChecks
{
    public static void Root(ICollective collective, int root)
    {
        if (root < 0 || root >= collective.Size)
            throw new ArgumentOutOfRangeException(nameof(root), root, $"{collective.Name}: broadcast root {root} is not a rank of a group of {collective.Size}");
    }
}
