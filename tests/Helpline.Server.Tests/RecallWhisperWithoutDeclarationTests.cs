using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Agents;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// Review of issue 12.4: "the whisper says « rappel après coupure »; /poste shows it". The recall is the line's own
/// behaviour (Core sets <c>rappel-apres-coupure</c> on any flow), but its words once existed only if the flow happened
/// to declare that tag under <c>tags:</c>; <c>validate</c> accepts a flow with a queue and no such declaration, and the
/// worker who took a recalled caller heard nothing about it (/poste showed the raw name). The line's own tags now have
/// built-in words (CallTags.BuiltIn) that a declaration replaces; the supervision page and CSV count declared tags.
/// Played here with the default flow minus that declaration, the real server, PostgreSQL and WireMock for the REST API.
/// </summary>
public sealed class RecallWhisperWithoutDeclarationTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string Victim = "+33611000003";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private readonly HelplineApp _app = new();

    public RecallWhisperWithoutDeclarationTests()
    {
        var flow = File.ReadAllText(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"));
        const string declaration = "  rappel-apres-coupure:\n    label: Rappel après coupure\n    whisper: \"Rappel après coupure : cette personne a été coupée il y a peu.\"\n";
        Assert.Contains(declaration, flow, StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("helpline-flow-").FullName;
        var path = Path.Combine(folder, "sans-rappel.yaml");
        File.WriteAllText(path, flow.Replace(declaration, string.Empty, StringComparison.Ordinal));

        _app.Settings["Helpline:FlowPath"] = path;
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Twilio:AccountSid"] = AccountSid;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
    }

    public async Task InitializeAsync()
    {
        _rest.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    [Fact]
    public async Task The_worker_hears_that_the_caller_is_calling_back_after_a_cut_off_even_if_the_flow_does_not_declare_the_recall_tag()
    {
        var first = await QueueAsync();
        using (var ended = await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(first, ("From", Victim), ("CallStatus", "completed"), ("CallDuration", "40"))))
        {
            Assert.True(ended.IsSuccessStatusCode);
        }

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        var recall = await QueueAsync();
        using (var admin = _app.CreateClient())
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
            (await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "available" })).EnsureSuccessStatusCode();
        }

        var agentUrl = await OfferUrlAsync(recall);
        Assert.Contains("tags=rappel-apres-coupure", agentUrl, StringComparison.Ordinal); // she was recognised
        var dial = await _app.Twilio().TwimlAsync(agentUrl, TwilioClient.Step(recall, ("From", Victim)));
        var whisper = await _app.Twilio().TwimlAsync(_app.Twilio().Relative(dial.Descendants("Number").Single().Attribute("url")!.Value),
            TwilioClient.Step(TwilioClient.NewCallSid(), ("Direction", "outbound-dial")));

        Assert.Contains("rappel après coupure", TwilioClient.Heard(whisper), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The sibling: a number a supervisor flagged "watch" gets the line's other tag, <c>appelant-signale</c>, which the
    /// default flow has never declared: the worker was never warned. She now hears the line's built-in words.
    /// </summary>
    [Fact]
    public async Task The_worker_hears_that_the_number_was_flagged_though_the_flow_does_not_declare_the_watch_tag()
    {
        var first = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(first, Victim));
        await using (var db = await _app.OpenDatabaseAsync())
        {
            var now = _app.Time.GetUtcNow().UtcDateTime;
            await db.ExecuteAsync(
                "insert into caller_flags (caller_hash, kind, reason, status, call_sid, created_by, created_at, expires_at, review_at) " +
                "select caller_hash, 'watch', 'essai', 'active', call_sid, 'chef', @now, @later, @later from calls where call_sid = @first",
                new { first, now, later = now.AddDays(30) });
        }

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        var flagged = await QueueAsync();
        using (var admin = _app.CreateClient())
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
            (await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "available" })).EnsureSuccessStatusCode();
        }

        var agentUrl = await OfferUrlAsync(flagged);
        Assert.Contains("tags=appelant-signale", agentUrl, StringComparison.Ordinal);
        var dial = await _app.Twilio().TwimlAsync(agentUrl, TwilioClient.Step(flagged, ("From", Victim)));
        var whisper = await _app.Twilio().TwimlAsync(_app.Twilio().Relative(dial.Descendants("Number").Single().Attribute("url")!.Value),
            TwilioClient.Step(TwilioClient.NewCallSid(), ("Direction", "outbound-dial")));

        Assert.Contains("signalé", TwilioClient.Heard(whisper), StringComparison.Ordinal);
    }

    private async Task<string> QueueAsync()
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        XDocument queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", Victim), ("Digits", "4")));
        Assert.Single(queued.Descendants("Enqueue"));
        return sid;
    }

    private async Task<string> OfferUrlAsync(string sid)
    {
        string? body = null;
        await Eventually.WaitForAsync(() =>
        {
            _app.Services.GetRequiredService<Dispatcher>().Wake();
            body = _rest.LogEntries.LastOrDefault(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal))?.RequestMessage!.Body;
            return Task.FromResult(body is not null);
        });
        var url = Uri.UnescapeDataString(body!.Split('&').Single(p => p.StartsWith("Url=", StringComparison.Ordinal))["Url=".Length..]);
        return _app.Twilio().Relative(url);
    }
}
