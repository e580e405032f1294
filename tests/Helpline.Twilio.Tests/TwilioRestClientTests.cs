using System.Text;
using Helpline.Twilio.Rest;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Twilio.Tests;

/// <summary>Our REST client against WireMock standing in for api.twilio.com: exact requests, errors, timeouts.</summary>
public sealed class TwilioRestClientTests : IDisposable
{
    private const string Account = "AC11111111111111111111111111111111";
    private const string Call = "CA22222222222222222222222222222222";
    private readonly WireMockServer _api = WireMockServer.Start();

    public void Dispose()
    {
        _api.Stop();
        _api.Dispose();
    }

    [Fact]
    public async Task Redirect_posts_the_url_with_basic_auth_to_the_call_resource()
    {
        Respond($"/2010-04-01/Accounts/{Account}/Calls/{Call}.json", 200, "{\"sid\":\"" + Call + "\",\"status\":\"in-progress\"}");

        var result = await Client().RedirectCallAsync(Call, "https://ecoute.example.fr/voice/agent?w=1", default);

        Assert.Equal(RestOutcome.Succeeded, result.Outcome);
        var request = Assert.Single(_api.LogEntries).RequestMessage!;
        Assert.Equal("POST", request.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Account}:secret-token")), request.Headers!["Authorization"].Single());
        Assert.Equal("Url=https%3A%2F%2Fecoute.example.fr%2Fvoice%2Fagent%3Fw%3D1&Method=POST", request.Body);
    }

    [Fact]
    public async Task Create_call_posts_to_and_from_and_status_callback()
    {
        Respond($"/2010-04-01/Accounts/{Account}/Calls.json", 201, "{\"sid\":\"CA3\"}");

        var result = await Client().CreateCallAsync("+33611111111", "+33300000000", "https://x.fr/voice/out", "https://x.fr/voice/status", default);

        Assert.Equal(RestOutcome.Succeeded, result.Outcome);
        Assert.Equal("To=%2B33611111111&From=%2B33300000000&Url=https%3A%2F%2Fx.fr%2Fvoice%2Fout&Method=POST&StatusCallback=https%3A%2F%2Fx.fr%2Fvoice%2Fstatus&StatusCallbackMethod=POST",
            Assert.Single(_api.LogEntries).RequestMessage!.Body);
    }

    [Theory]
    [InlineData(400, "{\"code\":21220,\"message\":\"Call is not in-progress. Cannot redirect.\",\"more_info\":\"https://www.twilio.com/docs/errors/21220\",\"status\":400}", RestOutcome.CallGone, 21220)]
    [InlineData(404, "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}", RestOutcome.CallGone, 20404)]
    [InlineData(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}", RestOutcome.Failed, 20003)]
    [InlineData(500, "<html>oops</html>", RestOutcome.Failed, null)]
    public async Task Error_bodies_are_parsed_into_an_outcome(int status, string body, RestOutcome outcome, int? code)
    {
        Respond($"/2010-04-01/Accounts/{Account}/Calls/{Call}.json", status, body);

        var result = await Client().RedirectCallAsync(Call, "https://x.fr/a", default);

        Assert.Equal((outcome, status, code), (result.Outcome, result.StatusCode, result.ErrorCode));
    }

    [Fact]
    public async Task Timeout_is_a_failure_not_an_exception()
    {
        _api.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(3)));

        var result = await Client(TimeSpan.FromMilliseconds(200)).RedirectCallAsync(Call, "https://x.fr/a", default);

        Assert.Equal(RestOutcome.Failed, result.Outcome);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public async Task Unreachable_api_is_a_failure_not_an_exception()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") };

        var result = await new TwilioRestClient(http, Account, "secret-token").RedirectCallAsync(Call, "https://x.fr/a", default);

        Assert.Equal(RestOutcome.Failed, result.Outcome);
    }

    [Theory]
    [InlineData("{\"sid\":\"CA2\",\"status\":\"completed\",\"duration\":\"42\"}", "completed", 42, true)]
    [InlineData("{\"sid\":\"CA2\",\"status\":\"no-answer\",\"duration\":\"0\"}", "no-answer", 0, true)]
    [InlineData("{\"sid\":\"CA2\",\"status\":\"in-progress\",\"duration\":null}", "in-progress", null, false)]
    [InlineData("{\"sid\":\"CA2\",\"status\":\"queued\"}", "queued", null, false)]
    public async Task Fetch_reads_the_status_and_duration_of_a_call(string body, string status, int? duration, bool ended)
    {
        _api.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Account}/Calls/{Call}.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var lookup = await Client().FetchCallAsync(Call, default);

        Assert.Equal((RestOutcome.Succeeded, status, duration, ended), (lookup.Outcome, lookup.Status, lookup.DurationSeconds, lookup.HasEnded));
        var request = Assert.Single(_api.LogEntries).RequestMessage!;
        Assert.Equal("GET", request.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Account}:secret-token")), request.Headers!["Authorization"].Single());
    }

    [Theory]
    [InlineData(404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}", RestOutcome.CallGone)]
    [InlineData(503, "<html>down</html>", RestOutcome.Failed)]
    [InlineData(404, "<html>no such page</html>", RestOutcome.Failed)]
    [InlineData(200, "not json", RestOutcome.Failed)]
    [InlineData(200, "{\"sid\":\"CA2\"}", RestOutcome.Failed)]
    public async Task Fetch_failures_say_what_happened_without_throwing(int status, string body, RestOutcome outcome)
    {
        _api.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

        var lookup = await Client().FetchCallAsync(Call, default);

        Assert.Equal(outcome, lookup.Outcome);
        Assert.False(lookup.HasEnded);
    }

    private TwilioRestClient Client(TimeSpan? timeout = null) =>
        new(new HttpClient { BaseAddress = new Uri(_api.Url! + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(10) }, Account, "secret-token");

    private void Respond(string path, int status, string body) =>
        _api.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
}
