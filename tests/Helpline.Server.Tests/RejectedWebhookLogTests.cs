using System.Net;
using Helpline.Server.Security;
using Helpline.Server.Testing;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Tests;

/// <summary>
/// An operator behind a proxy sees at once why webhooks get 403: each refusal is one Warning naming the URL that was
/// checked and the reason, and nothing of the form (the caller's number), the signature or the auth token. A flood is
/// bounded: five lines a minute, the rest counted. Start-up says which public base URL signatures are checked against.
/// </summary>
/// <remarks>
/// Inputs tried: a signature computed with another auth token, on a step URL with our query keys; no signature header;
/// a query carrying a caller's number under a key that is not ours; eight forged webhooks within a minute, then one
/// more a minute later. How a URL is made safe to log (capped, control characters replaced) is tested without the
/// server by Helpline.Server.UnitTests' <c>RejectedWebhookLogTests</c>.
/// </remarks>
public sealed class RejectedWebhookLogTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private const string Caller = "+33612345678";
    private const string Category = "Helpline.Server.Security.TwilioSignatureFilter";

    [Fact]
    public async Task A_forged_webhook_is_one_warning_naming_the_url_checked_and_nothing_of_the_form()
    {
        var callSid = TwilioClient.NewCallSid();
        var form = TwilioClient.Incoming(callSid, Caller);
        const string pathAndQuery = "/voice/gather?f=0a1b2c3d4e5f&st=menu-principal&s=2&a=0";
        var forged = RequestValidator.ComputeSignature("another-account-token-0123456789", HelplineApp.PublicBaseUrl + pathAndQuery, Form(form));

        var lines = await RejectionLinesAsync(() => app.Twilio().PostAsync(pathAndQuery, form, forged));

        var line = Assert.Single(lines);
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("URL checked: https://helpline.test/voice/gather?f=0a1b2c3d4e5f&st=menu-principal&s=2&a=0 ", line, StringComparison.Ordinal);
        Assert.Contains("X-Twilio-Signature does not match", line, StringComparison.Ordinal);
        foreach (var secret in new[] { forged, HelplineApp.AuthToken, Caller, "33612345678", "+33320000000", callSid })
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_webhook_without_signature_is_logged_as_missing_the_header()
    {
        var lines = await RejectionLinesAsync(async () =>
        {
            using var content = new FormUrlEncodedContent(TwilioClient.Incoming(TwilioClient.NewCallSid(), Caller));
            return await app.CreateClient().PostAsync("/voice/incoming", content);
        });

        var line = Assert.Single(lines);
        Assert.Contains("no X-Twilio-Signature header. URL checked: https://helpline.test/voice/incoming ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Caller, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_key_that_is_not_ours_is_logged_without_its_value()
    {
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid(), Caller);

        var lines = await RejectionLinesAsync(() => app.Twilio().PostAsync("/voice/incoming?From=%2B33612345678&s=1", form, "Zm9yZ2VkLXNpZ25hdHVyZQ=="));

        var line = Assert.Single(lines);
        Assert.Contains("URL checked: https://helpline.test/voice/incoming?…&s=1 ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("33612345678", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Zm9yZ2VkLXNpZ25hdHVyZQ==", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_forged_webhooks_logs_five_lines_a_minute_and_counts_the_rest()
    {
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid(), Caller);

        var flood = await RejectionLinesAsync(async () =>
        {
            HttpResponseMessage? last = null;
            for (var i = 0; i < RejectedWebhookLog.LinesPerMinute + 3; i++)
            {
                last?.Dispose();
                last = await app.Twilio().PostAsync("/voice/incoming", form, "forged");
            }

            return last!;
        });
        var later = await RejectionLinesAsync(() => app.Twilio().PostAsync("/voice/incoming", form, "forged"));

        Assert.Equal(RejectedWebhookLog.LinesPerMinute, flood.Count);
        Assert.Equal(2, later.Count);
        Assert.Contains("3 more rejected webhooks were not logged (at most 5 lines a minute)", later[0], StringComparison.Ordinal);
        Assert.Contains("URL checked: https://helpline.test/voice/incoming ", later[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_logs_the_public_base_url_signatures_are_checked_against()
    {
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Information Helpline.Server.Hosting.Startup: Webhook signatures are checked against https://helpline.test followed by each request's path and query", StringComparison.Ordinal));
    }

    /// <summary>
    /// The signature filter's log lines written while <paramref name="send"/> runs (which must be refused with 403). The
    /// service's clock first moves on a minute, so each test starts with a fresh allowance of lines.
    /// </summary>
    private async Task<List<string>> RejectionLinesAsync(Func<Task<HttpResponseMessage>> send)
    {
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var before = app.Logs.Lines.Count;
        using var response = await send();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        return app.Logs.Lines.Skip(before).Where(l => l.Contains(" " + Category + ": ", StringComparison.Ordinal)).ToList();
    }

    private static IEnumerable<KeyValuePair<string, StringValues>> Form(Dictionary<string, string> form) =>
        form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value));
}
