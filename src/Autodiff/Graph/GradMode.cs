namespace Engine.Autodiff;

/// <summary>
/// Per-thread switch for recording (like torch.no_grad) and the pass number new nodes get.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;
    [ThreadStatic] private static int _pass;

    /// <summary>True when ops record nodes on this thread.</summary>
    public static bool IsEnabled => !_disabled;

    /// <summary>The pass new nodes are tagged with: 0 in forward code, n inside the n-th order backward walk.</summary>
    public static int CurrentPass => _pass;

    /// <summary>Turns recording off until the returned scope is disposed: <c>using (GradMode.NoGrad()) { ... }</c>.</summary>
    public static Scope NoGrad() => new(enabled: false, _pass);

    /// <summary>Turns recording on until the returned scope is disposed.</summary>
    public static Scope EnableGrad() => new(enabled: true, _pass);

    internal static Scope ForPass(bool enabled, int pass) => new(enabled, pass);

    /// <summary>Restores the previous grad mode and pass when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previousDisabled;
        private readonly int _previousPass;

        internal Scope(bool enabled, int pass)
        {
            _previousDisabled = _disabled;
            _previousPass = _pass;
            _disabled = !enabled;
            _pass = pass;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _disabled = _previousDisabled;
            _pass = _previousPass;
        }
    }
}
