using Helpline.Server.Agents;
using Helpline.Server.Callbacks;
using Helpline.Server.Queue;
using Helpline.Server.Security;
using Helpline.Twilio.TwiML;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Helpline.Server.Voice;

/// <summary>
/// The provider's webhooks under <c>/voice</c> (paths in <see cref="VoiceRoutes"/>): the number's Voice URL, the
/// actions our TwiML points to, the queue's wait URL, the status callback and the worker's leg. Every route is
/// signature-checked by <see cref="TwilioSignatureFilter"/>; antiforgery is off because the provider posts plain
/// forms. The webhook and its position are bound once, as endpoint parameters (<see cref="VoiceWebhook"/>,
/// <see cref="AgentWebhook"/>); each handler is one call to the service that owns the job.
/// </summary>
internal static class VoiceApi
{
    /// <summary>Maps the voice webhooks.</summary>
    public static RouteGroupBuilder MapVoiceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/voice")
            .AddEndpointFilter<TwilioSignatureFilter>()
            .DisableAntiforgery()
            .WithTags("Voice");

        group.MapPost(Path(VoiceRoutes.Incoming), async (VoiceWebhook webhook, StepService steps) => Twiml(await steps.StartAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.Gather), async (VoiceWebhook webhook, StepService steps) => Twiml(await steps.FireAsync(
            webhook, "gather", (flow, position) => flow.TriggerForDigits(position, webhook.Request.Digits), new { webhook.Request.Digits }, reportsThePast: false)));
        group.MapPost(Path(VoiceRoutes.Dial), async (VoiceWebhook webhook, StepService steps) => Twiml(await steps.FireAsync(
            webhook, "dial", (_, _) => DialTriggers.For(webhook.Request.DialCallStatus), new { webhook.Request.DialCallStatus, webhook.Request.DialCallDuration }, reportsThePast: true)));
        group.MapPost(Path(VoiceRoutes.Challenge), async (VoiceWebhook webhook, HttpRequest http, StepService steps) =>
        {
            var (attempt, choice) = VoiceRoutes.ReadChallenge(http.Query);
            return Twiml(await steps.AnswerChallengeAsync(webhook, attempt, choice));
        });
        group.MapPost(Path(VoiceRoutes.QueueExit), async (VoiceWebhook webhook, QueueExit exit) => Twiml(await exit.ExitAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.QueueWait), async (VoiceWebhook webhook, QueueWaitService waits) => Twiml(await waits.HoldAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.Status), async (VoiceWebhook webhook, CallEnding ending) =>
        {
            await ending.StatusAsync(webhook);
            return TypedResults.NoContent();
        });
        group.MapPost(Path(VoiceRoutes.Callback), async (VoiceWebhook webhook, HttpContext context, CallbackDialogue dialogue) =>
            Twiml(await dialogue.AnswerAsync(webhook, VoiceRoutes.ReadDialogue(context.Request.Query))));
        group.MapPost(Path(VoiceRoutes.CallbackCancel), async (VoiceWebhook webhook, HttpContext context, Callbacks.CallbackCancellation cancellation) =>
            Twiml(await cancellation.AnswerAsync(webhook, VoiceRoutes.ReadRequest(context.Request.Query))));
        group.MapPost(Path(VoiceRoutes.CallbackWorker), async (CallbackWebhook webhook, CallbackLeg leg) => Twiml(await leg.WorkerAnsweredAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.CallbackAccept), async (CallbackWebhook webhook, CallbackLeg leg) => Twiml(await leg.AcceptAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.CallbackCallee), async (CallbackWebhook webhook, CallbackLeg leg) => Twiml(await leg.CalleeAnsweredAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.CallbackResult), async (CallbackWebhook webhook, CallbackLeg leg) => Twiml(await leg.ResultAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.CallbackWorkerStatus), async (CallbackWebhook webhook, CallbackLeg leg) =>
        {
            await leg.WorkerStatusAsync(webhook);
            return TypedResults.NoContent();
        });
        group.MapPost(Path(VoiceRoutes.Agent), async (AgentWebhook webhook, AgentLeg leg) => Twiml(await leg.DialAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.Whisper), async (AgentWebhook webhook, AgentLeg leg) => Twiml(await leg.WhisperAsync(webhook)));
        group.MapPost(Path(VoiceRoutes.AgentResult), async (AgentWebhook webhook, AgentLeg leg) => Twiml(await leg.ResultAsync(webhook)));
        return group;
    }

    private static TwimlResult Twiml(string xml) => new(xml);

    /// <summary>A route's path relative to the <c>/voice</c> group.</summary>
    private static string Path(string route) => route["/voice".Length..];
}
