using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests;

/// <summary>
/// Issue 14: flags, the hourly count and the challenge decision are read in the same round trip as the call's creation —
/// no extra query and no extra commit on the hot path. Counted from Npgsql's own traces (one activity per command) under
/// the request's activity, so background services cannot blur the count.
/// </summary>
public sealed partial class CallerPoliciesTests
{
    [Theory]
    [InlineData("no flag", null)]
    [InlineData("watched", "watch")]
    [InlineData("over the hourly limit", "limit")]
    [InlineData("with a call-back pending", "callback")]
    public async Task A_new_call_costs_one_database_command_whatever_the_caller_s_policy(string who, string? policy)
    {
        var from = "+3365900" + Math.Abs(who.GetHashCode(StringComparison.Ordinal) % 10000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = await CallAndEndAsync(from);
        if (policy == "watch")
        {
            using var admin = Admin();
            (await admin.PutAsJsonAsync($"/api/callers/flags/{earlier}", new { kind = "watch", reason = "menaces" })).Dispose();
        }
        else if (policy == "callback")
        {
            // Issue 13: her pending call-back (the welcome then offers to cancel it) is found by the same statement.
            var now = _app.Time.GetUtcNow();
            var hash = _app.Services.GetRequiredService<Callers.CallerHasher>().Hash(from);
            await _app.Services.GetRequiredService<Data.Callbacks.CallbackStore>().RequestAsync(
                new Data.Callbacks.CallbackConsent("protected", hash, hash, "des-que-possible", now.AddHours(1), now.AddHours(2), false, "helpline", "résumé", now),
                null, [], now, CancellationToken.None);
        }
        else if (policy == "limit")
        {
            for (var i = 0; i < 6; i++)
            {
                await CallAndEndAsync(from);
            }
        }

        var commands = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql")
                {
                    commands.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var sid = TwilioClient.NewCallSid();
        var answer = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));

        // The only request to this test's server in the window is the webhook: every command on this test's database under
        // a request's activity is one of its own (other test classes run in parallel in this process, on other databases).
        var database = new Npgsql.NpgsqlConnectionStringBuilder(_app.ConnectionString).Database;
        var ofTheWebhook = commands.Where(c => Root(c).Source.Name == "Microsoft.AspNetCore"
            && c.Tags.Any(t => t.Key is "db.namespace" or "db.name" && t.Value == database)).ToList();
        var command = Assert.Single(ofTheWebhook);
        var text = command.Tags.Where(t => t.Key.StartsWith("db.", StringComparison.Ordinal)).Select(t => t.Value ?? string.Empty).FirstOrDefault(v => v.Contains("insert into calls", StringComparison.Ordinal));
        Assert.True(text is not null && text.Contains("caller_flags", StringComparison.Ordinal) && text.Contains("callback_requests", StringComparison.Ordinal),
            $"{who}: the one command is not the call's creation with its flag and call-back lookups");
        Assert.Equal(policy == "callback", answer.ToString().Contains("/voice/callback/cancel", StringComparison.Ordinal)); // the cancel offer, from that one command
    }

    private static Activity Root(Activity activity)
    {
        while (activity.Parent is { } parent)
        {
            activity = parent;
        }

        return activity;
    }
}
