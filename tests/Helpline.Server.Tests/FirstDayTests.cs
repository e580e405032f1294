using System.Net.Http.Headers;
using System.Net.Http.Json;
using Helpline.Server.Hosting;
using Helpline.Server.Agents;
using Helpline.Server.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// An operator's first day, siblings of issue 10's items 4 and 7 found by replaying the issue as a newcomer: routing
/// that cannot work (no public URL) is not sold to callers as a wait; listen addresses Kestrel would read as every
/// interface are refused; a first start on an empty database logs no error; a bad logging level is one line.
/// </summary>
public sealed class FirstDayTests
{
    /// <summary>
    /// Helpline:PublicBaseUrl "" now starts (item 7), but the dispatcher then never offers anyone (it needs the base URL
    /// for the offer's URL) while the nobody-can-come rule still counts the available worker: the caller holds for the
    /// flow's full 600 s, told "Attente estimée : 10 minutes" — the symptom of item 4.
    /// </summary>
    [Fact]
    public async Task with_an_empty_public_base_url_a_caller_nobody_can_be_put_through_to_is_not_told_an_estimate_and_overflows_after_the_grace()
    {
        using var rest = WireMockServer.Start();
        rest.Given(Request.Create().UsingPost().WithPath("/2010-04-01/Accounts/*"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        var app = new HelplineApp();
        app.Settings["Helpline:PublicBaseUrl"] = "";
        app.Settings["Helpline:Twilio:ApiBaseUrl"] = rest.Url;
        app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
        await app.InitializeAsync();
        try
        {
            using (var admin = app.CreateClient())
            {
                admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
                await Eventually.WaitForAsync(async () => (await admin.GetStringAsync("/api/workers")).Contains("Alice", StringComparison.Ordinal));
                (await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "available" })).Dispose();
            }

            var twilio = new TwilioClient(app.CreateClient(), HelplineApp.AuthToken, "http://localhost"); // signatures on the request's own URL
            var sid = TwilioClient.NewCallSid();
            var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
            var enqueue = (await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")))).Descendants("Enqueue").Single();
            var waitUrl = twilio.Relative(enqueue.Attribute("waitUrl")!.Value);
            var first = await twilio.TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "0")));
            app.Time.Advance(TimeSpan.FromSeconds(60));
            await app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);
            var minute = await twilio.TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "60")));

            Assert.Empty(rest.LogEntries); // nobody was offered the call
            Assert.DoesNotContain("Attente estimée", TwilioClient.Heard(first), StringComparison.Ordinal); // before: "Attente estimée : 10 minutes"
            Assert.Single(minute.Descendants("Leave")); // before: holds until 600 s
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// ASPNETCORE_URLS with an unbalanced bracket or a trailing dot passes the start checks, and Kestrel then listens on
    /// every interface (seen: "Now listening on: http://[::]:5080") — the misreading the check exists to refuse.
    /// </summary>
    [Theory]
    [InlineData("http://[::1:5080")]
    [InlineData("http://127.0.0.1.:5080")]
    public void a_listen_address_kestrel_reads_as_every_interface_is_one_line(string urls)
    {
        var problems = ListenAddresses.Problems(new ConfigurationBuilder().AddInMemoryCollection([new(ListenAddresses.Key, urls)]).Build());

        Assert.Single(problems); // before: none
    }

    /// <summary>
    /// The first start on an empty database logs "fail: … An error occurred while reading the key ring" with a 40-line
    /// Npgsql stack trace (relation "data_protection_keys" does not exist): data protection reads its keys before the
    /// migrations ran. An operator's first day starts with an error that is not one.
    /// </summary>
    [Fact]
    public async Task first_start_on_an_empty_database_logs_no_error()
    {
        var app = new HelplineApp();
        await app.InitializeAsync();
        try
        {
            var errors = app.Logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Length > 300 ? e[..300] : e)));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>A bad logging level stops the start with an unhandled exception and a stack trace (exit 134), not one line (exit 78).</summary>
    [Fact]
    public async Task a_bad_logging_level_is_one_line_without_stack_trace()
    {
        var run = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Verbose" });

        Assert.True(run.StackTraceLines.Count == 0, run.Output); // before: "Unhandled exception. System.InvalidOperationException: Configuration value 'Verbose' is not supported."
        Assert.Equal(StartupFailure.ExitCode, run.ExitCode);
    }
}
