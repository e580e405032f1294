using Helpline.Server.Alerts;

namespace Helpline.Server.Dashboard.Live;

/// <summary>The alert banners in force, as the live stream sends them (already in French).</summary>
public sealed record AlertsSnapshot(IReadOnlyList<AlertBanner> Alerts);
