using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Helpline.Server.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// A worker whose wrap-up ends is offered the next waiting caller at once — at the end of the wrap-up, on the
/// dispatcher's own timer — not at the next periodic sweep (a minute here).
/// </summary>
public sealed class WrapUpEndTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private readonly HelplineApp _app = new();

    public WrapUpEndTests()
    {
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
        _app.Settings["Helpline:Routing:WrapUpSeconds"] = "10";
        _app.Settings["Helpline:Routing:SweepSeconds"] = "60";
    }

    public async Task InitializeAsync()
    {
        _rest.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"status\":\"in-progress\"}"));
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    [Fact]
    public async Task Waiting_caller_is_offered_when_the_wrap_up_ends_not_at_the_next_sweep()
    {
        using (var admin = _app.CreateClient())
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
            using var available = await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "available" });
            Assert.Equal(HttpStatusCode.NoContent, available.StatusCode);
        }

        var first = await QueueCallerAsync();
        await Eventually.WaitForAsync(() => Task.FromResult(Redirects(first) == 1));
        var twilio = _app.Twilio();
        var dial = await twilio.TwimlAsync("/voice/agent?w=1", TwilioClient.Step(first));
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(first, ("DialCallStatus", "completed"), ("DialCallDuration", "120")));
        var second = await QueueCallerAsync(); // Alice is in her 10 s wrap-up

        // Move the clock a second at a time (the dispatcher sets its timer asynchronously, so one big jump could land
        // before the timer exists): the offer must come soon after the 10 s wrap-up, long before the 60 s sweep.
        var waited = 0;
        await Eventually.WaitForAsync(async () =>
        {
            if (Redirects(second) == 1)
            {
                return true;
            }

            _app.Time.Advance(TimeSpan.FromSeconds(1));
            waited++;
            await Task.Delay(20);
            return false;
        });
        Assert.InRange(waited, 10, 30);
    }

    private int Redirects(string sid) => _rest.LogEntries.Count(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal));

    private async Task<string> QueueCallerAsync()
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));
        Assert.Single(queued.Descendants("Enqueue"));
        return sid;
    }
}
