using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Caller numbers are personal data of people at risk: a whole call with a known number (menu, transfer, queue, status)
/// must leave it in no log line, at any level, and in no table — in the service's own log lines, and in what the
/// console writes in the JSON format a log collector reads (<c>Logging:Console:FormatterName=json</c>), which carries
/// each line's parameters as well as its message.
/// </summary>
public sealed class PrivacyTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private const string Number = "+33698765432";

    [Fact]
    public async Task Caller_number_appears_in_no_log_line_and_no_table()
    {
        await MakeCallsAsync(app.Twilio());

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

    [Fact]
    public async Task Caller_number_appears_in_no_json_console_line()
    {
        var postgres = await PostgresServer.SharedAsync();
        await using var server = await ServerProcess.StartAsync(await postgres.CreateDatabaseAsync("privacy-json"), new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        });
        await OpenTheLineAsync(server.Url); // the real clock may say closed; the call must reach the menu
        await MakeCallsAsync(server.Twilio());

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = lines.Select(line => (Line: line, Json: TryParse(line))).ToList();
        Assert.All(parsed, p => Assert.True(p.Json is not null, "not a JSON line: " + p.Line));
        Assert.Contains(parsed, p => p.Json!.RootElement.GetProperty("Message").GetString()!.Contains("Rejected a webhook", StringComparison.Ordinal));
        Assert.Contains(parsed, p => p.Json!.RootElement.GetProperty("Message").GetString()!.Contains("Request starting", StringComparison.Ordinal));
        Assert.Contains(parsed, p => p.Json!.RootElement.TryGetProperty("State", out _));
        var digits = Number[3..];
        Assert.DoesNotContain(lines, line => line.Contains(digits, StringComparison.Ordinal) || line.Contains("Jeanne", StringComparison.Ordinal));
    }

    /// <summary>Eight calls from <see cref="Number"/> (keys 1, 4, 5 and 9 twice, a busy transfer, the end) and a forged webhook each.</summary>
    private static async Task MakeCallsAsync(TwilioClient twilio)
    {
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
    }

    private static JsonDocument? TryParse(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task OpenTheLineAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        using var response = await http.PutAsync("/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"test\"}}", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"hours override -> {(int)response.StatusCode}");
    }
}
