namespace Engine.Gan;

/// <summary>Placeholder removed once the first module lands.</summary>
internal static class GanInfo;
