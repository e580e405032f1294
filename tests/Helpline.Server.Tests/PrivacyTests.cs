using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Caller numbers are personal data of people at risk: a whole call with a known number (menu, transfer, queue, status)
/// must leave it in no log line, at any level, and in no table.
/// </summary>
public sealed class PrivacyTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private const string Number = "+33698765432";

    [Fact]
    public async Task Caller_number_appears_in_no_log_line_and_no_table()
    {
        var twilio = app.Twilio();
        // Twice: the second round's queued calls are recalls (the first ones hung up while waiting), tagged, ahead in line.
        foreach (var keys in new[] { "1", "4", "5", "9", "1", "4", "5", "9" })
        {
            var sid = TwilioClient.NewCallSid();
            var form = TwilioClient.Incoming(sid, Number);
            form["CallerName"] = "Jeanne Martin";
            var menu = await twilio.TwimlAsync("/voice/incoming", form);
            form["Digits"] = keys;
            var next = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
            if (TwilioClient.Action(next, "Dial") is { } dial)
            {
                form["DialCallStatus"] = "busy";
                await twilio.TwimlAsync(twilio.Relative(dial), form);
            }

            form["CallStatus"] = "completed";
            (await twilio.PostAsync("/voice/status", form)).Dispose();
            (await twilio.PostAsync("/voice/incoming", form, "forged-signature")).Dispose();
        }

        var digits = Number[3..];
        Assert.Contains(app.Logs.Lines, line => line.Contains("Rejected a webhook", StringComparison.Ordinal)); // the capture sees our own logs
        Assert.Contains(app.Logs.Lines, line => line.Contains("Request starting", StringComparison.Ordinal)); // and the framework's
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(digits, StringComparison.Ordinal) || line.Contains("Jeanne", StringComparison.Ordinal));
        await using var db = await app.OpenDatabaseAsync();
        Assert.True(await db.ExecuteScalarAsync<long>("select count(*) from calls where 'rappel-apres-coupure' = any(tags)") > 0); // the recall path ran
        Assert.True(await db.ExecuteScalarAsync<long>("select count(*) from calls where 'ne-peut-pas-parler' = any(tags)") > 0); // and the tag
        var tables = await db.QueryAsync<string>("select table_name from information_schema.tables where table_schema = 'public'");
        foreach (var table in tables)
        {
            var dump = string.Join("\n", await db.QueryAsync<string>($"select row_to_json(t)::text from \"{table}\" t"));
            Assert.False(dump.Contains(digits, StringComparison.Ordinal), $"table {table} holds the caller's number");
        }
    }
}
