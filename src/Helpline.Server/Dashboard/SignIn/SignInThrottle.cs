using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Slows password guessing on one login, whatever the address it comes from (the rate limiter covers one address and
/// many logins): after <see cref="DashboardOptions.FailuresBeforeDelay"/> wrong passwords in a row, every new attempt
/// on that login must wait 5 s, then 10 s, 20 s… up to <see cref="DashboardOptions.MaxDelaySeconds"/>. An attempt
/// inside the wait is refused without checking the password. Unknown logins are tracked the same way, so the answer
/// never tells whether a login exists.
/// </summary>
/// <remarks>Thread-safe; per process (several instances each slow their own share of the attempts).</remarks>
internal sealed class SignInThrottle(IOptions<DashboardOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the login must still wait before an attempt is considered, or null when it may try now.</summary>
    public TimeSpan? WaitBeforeAttempt(string login)
    {
        if (_entries.TryGetValue(login, out var entry) && entry.RetryAt is { } retryAt)
        {
            var wait = retryAt - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : null;
        }

        return null;
    }

    /// <summary>Counts a wrong password and sets the wait before the next attempt.</summary>
    public void RecordFailure(string login)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (_entries.Count > 10_000)
        {
            foreach (var stale in _entries.Where(e => now - e.Value.LastFailure > TimeSpan.FromDays(1)).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        _entries.AddOrUpdate(login, _ => Next(0), (_, previous) => Next(previous.Failures));

        Entry Next(int failures)
        {
            var count = failures + 1;
            var over = count - settings.FailuresBeforeDelay;
            DateTimeOffset? retryAt = over < 0 ? null : now + TimeSpan.FromSeconds(Math.Min(settings.MaxDelaySeconds, 5 * Math.Pow(2, Math.Min(over, 20))));
            return new Entry(count, now, retryAt);
        }
    }

    /// <summary>A successful sign-in forgets the failures.</summary>
    public void RecordSuccess(string login) => _entries.TryRemove(login, out _);

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset? RetryAt);
}
