namespace Helpline.Server.Alerts;

/// <summary>
/// The alerts this instance shows now, as the last judgement left them: the page's first render and its live stream
/// read them from memory, so the banners keep coming when PostgreSQL does not answer (which is one of the alerts).
/// </summary>
/// <remarks>Thread-safe: the list is replaced whole by <see cref="AlertMonitor"/> and read by any request.</remarks>
internal sealed class AlertBoard
{
    private volatile IReadOnlyList<AlertBanner> _banners = [];

    /// <summary>The banners, in the page's order.</summary>
    public IReadOnlyList<AlertBanner> Banners => _banners;

    /// <summary>Replaces the banners.</summary>
    public void Publish(IReadOnlyList<AlertBanner> banners)
    {
        ArgumentNullException.ThrowIfNull(banners);
        _banners = banners;
    }
}
