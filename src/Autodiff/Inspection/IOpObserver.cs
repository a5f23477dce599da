namespace Engine.Autodiff.Inspection;

/// <summary>
/// Receives every op executed on the thread it is installed on (see <see cref="OpObserver.Install"/>),
/// recorded or not, and every node the backward walk frees. Ops an observer runs itself while
/// handling an event are not reported back to it, so an observer cannot recurse into itself.
/// </summary>
public interface IOpObserver
{
    /// <summary>Called after an op has computed its output (and attached its node, if it recorded one).</summary>
    void OnOp(OpEvent e);

    /// <summary>
    /// Called when the walk releases <paramref name="node"/>'s saved state (a backward without
    /// retainGraph), before <see cref="Node.Saved"/> is cleared, so the observer can still read it.
    /// </summary>
    void OnNodeFreed(Node node) { }
}
