using System.Xml.Linq;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Server.Testing;
using Helpline.Server.Voice;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Helpline.Server.Hosting;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The last line of defence on <c>/voice</c>: an unexpected failure answers the caller's leg with the flow's emergency
/// message and fallback transfer, and the worker's leg (the whisper) with an empty document — never the caller's
/// emergency TwiML, which would send the social worker's phone to 3919.
/// </summary>
public sealed class VoiceSafetyNetTests
{
    [Theory]
    [InlineData("/voice/gather", true)]
    [InlineData("/voice/agent", true)]
    [InlineData("/voice/agent/result", true)]
    [InlineData("/voice/agent/whisper", false)]
    public async Task Unexpected_failure_gets_the_emergency_on_the_caller_s_leg_and_nothing_on_the_worker_s(string path, bool callersLeg)
    {
        var flows = new FlowRegistry();
        flows.Publish(CompiledFlow.Compile(FlowLoader.LoadFile(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"))), DateTimeOffset.UnixEpoch);
        var renderer = new TwimlRenderer(new VoiceRoutes(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { PublicBaseUrl = HelplineApp.PublicBaseUrl })));
        var net = new VoiceSafetyNet(_ => throw new InvalidOperationException("a bug"), flows, renderer,
            new Helpline.Server.Callers.CallerIdPolicy(Microsoft.Extensions.Options.Options.Create(new Helpline.Server.Agents.RoutingOptions())), NullLogger<VoiceSafetyNet>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();

        await net.InvokeAsync(context);

        context.Response.Body.Position = 0;
        var twiml = XDocument.Load(context.Response.Body);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(callersLeg, twiml.Descendants("Dial").Any(d => d.Value.Trim() == "3919"));
        Assert.Equal(callersLeg, TwilioClient.Heard(twiml).Contains("39 19", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("anonymous", "+33320000000")]
    [InlineData("", "+33320000000")]
    [InlineData("+266696687", "+33320000000")]
    [InlineData("+33612345678", null)]
    public async Task The_safety_net_s_fallback_transfer_shows_the_helpline_s_number_for_a_withheld_caller(string from, string? callerId)
    {
        var flows = new FlowRegistry();
        flows.Publish(CompiledFlow.Compile(FlowLoader.LoadFile(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"))), DateTimeOffset.UnixEpoch);
        var renderer = new TwimlRenderer(new VoiceRoutes(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { PublicBaseUrl = HelplineApp.PublicBaseUrl })));
        var net = new VoiceSafetyNet(_ => throw new InvalidOperationException("a bug"), flows, renderer,
            new Helpline.Server.Callers.CallerIdPolicy(Microsoft.Extensions.Options.Options.Create(new Helpline.Server.Agents.RoutingOptions())), NullLogger<VoiceSafetyNet>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Path = "/voice/gather";
        // The signature filter read the form before the failure.
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(new FormCollection(new()
        {
            ["From"] = from,
            ["To"] = "+33320000000",
        })));
        context.Response.Body = new MemoryStream();

        await net.InvokeAsync(context);

        context.Response.Body.Position = 0;
        var dial = XDocument.Load(context.Response.Body).Descendants("Dial").Single();
        Assert.Equal(callerId, dial.Attribute("callerId")?.Value);
    }
}
