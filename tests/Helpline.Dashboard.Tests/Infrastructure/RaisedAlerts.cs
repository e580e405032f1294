using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Helpline.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>
/// What one server counted in <c>helpline.alerts.raised</c>, by its <c>alert</c> label, while this listens: the
/// server's own meter only (other servers of the test process count on meters of their own).
/// </summary>
public sealed class RaisedAlerts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public RaisedAlerts(DashboardServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var meter = server.Services.GetRequiredService<HelplineMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "helpline.alerts.raised")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "alert" && tag.Value is string kind)
                {
                    _counts.AddOrUpdate(kind, value, (_, count) => count + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>How many alerts of <paramref name="kind"/> were counted.</summary>
    public long this[string kind] => _counts.GetValueOrDefault(kind);

    public void Dispose() => _listener.Dispose();
}
