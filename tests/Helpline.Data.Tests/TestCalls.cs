using Helpline.Data.Calls;

namespace Helpline.Data.Tests;

/// <summary>Calls and steps for the store tests: unique sids, a fixed instant with microseconds and a non-UTC offset.</summary>
internal static class TestCalls
{
    /// <summary>24 Nov 2026 10:00:00.123456 in Paris (UTC+1): an offset and microseconds, to catch any conversion.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, 123, 456, TimeSpan.FromHours(1));

    public static string Sid() => "CA" + Guid.NewGuid().ToString("N");

    public static NewCall NewCall(string sid, DateTimeOffset? startedAt = null) =>
        new(sid, "AC-test", "caller-hash", null, "+33320000000", "un-premier-pas", "hash-v1", startedAt ?? T0);

    /// <summary>A step to <paramref name="state"/> carrying <paramref name="events"/> transition events (the first with a JSON detail).</summary>
    public static CallAdvance Step(string state, int step, int events = 1, string? outcome = null, DateTimeOffset? at = null) =>
        new(state, step, 0, outcome, $"<Response><Say>{state}</Say></Response>", at ?? T0.AddSeconds(step),
            Enumerable.Range(0, events).Select(i => new CallEventRecord("transition", "avant", state, $"t{i}", i == 0 ? "{\"digits\": \"1\"}" : null)).ToList());
}
