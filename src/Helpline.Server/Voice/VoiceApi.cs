using Helpline.Server.Security;
using Helpline.Server.Voice;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Helpline.Server.Agents;
using Helpline.Server.Hosting;

namespace Helpline.Server.Voice;

/// <summary>
/// The provider's webhooks under <c>/voice</c>: the number's Voice URL (<c>/voice/incoming</c>), the actions our TwiML
/// points to, the queue's wait URL and the status callback. Every route is signature-checked by
/// <see cref="TwilioSignatureFilter"/>; antiforgery is off because the provider posts plain forms.
/// </summary>
public static class VoiceApi
{
    /// <summary>Maps the voice webhooks.</summary>
    public static RouteGroupBuilder MapVoiceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/voice")
            .AddEndpointFilter<TwilioSignatureFilter>()
            .DisableAntiforgery()
            .WithTags("Voice");

        group.MapPost("/incoming", IncomingAsync);
        group.MapPost("/gather", GatherAsync);
        group.MapPost("/dial", DialAsync);
        group.MapPost("/queue", QueueResultAsync);
        group.MapPost("/queue/wait", QueueWaitAsync);
        group.MapPost("/status", StatusAsync);
        group.MapPost("/agent", AgentAsync);
        group.MapPost("/agent/whisper", WhisperAsync);
        group.MapPost("/agent/result", AgentResultAsync);
        return group;
    }

    private static async Task<TwimlResult> IncomingAsync(HttpContext http, VoiceWebhookHandler handler) =>
        new(await handler.IncomingAsync(await ReadAsync(http), StorageBudget(http)));

    private static async Task<TwimlResult> GatherAsync(HttpContext http, VoiceWebhookHandler handler) =>
        new(await handler.GatherAsync(StepToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    private static async Task<TwimlResult> DialAsync(HttpContext http, VoiceWebhookHandler handler) =>
        new(await handler.DialAsync(StepToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    private static async Task<TwimlResult> QueueResultAsync(HttpContext http, VoiceWebhookHandler handler) =>
        new(await handler.QueueResultAsync(StepToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    private static async Task<TwimlResult> QueueWaitAsync(HttpContext http, VoiceWebhookHandler handler) =>
        new(await handler.QueueWaitAsync(StepToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    private static async Task<NoContent> StatusAsync(HttpContext http, VoiceWebhookHandler handler)
    {
        await handler.StatusAsync(await ReadAsync(http), StorageBudget(http));
        return TypedResults.NoContent();
    }

    private static async Task<TwimlResult> AgentAsync(HttpContext http, AgentWebhookHandler handler) =>
        new(await handler.AgentAsync(OfferToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    private static async Task<TwimlResult> WhisperAsync(HttpContext http, AgentWebhookHandler handler) =>
        new(await handler.WhisperAsync(OfferToken.From(http.Request.Query), http.Request.Query["c"].ToString(), StorageBudget(http)));

    private static async Task<TwimlResult> AgentResultAsync(HttpContext http, AgentWebhookHandler handler) =>
        new(await handler.ResultAsync(OfferToken.From(http.Request.Query), await ReadAsync(http), StorageBudget(http)));

    /// <summary>
    /// The request's cancellation, plus <see cref="HelplineOptions.StorageBudgetMilliseconds"/> on the service's
    /// clock: past it, storage gives up and the webhook answers from the flow, so a slow database never silences a caller.
    /// </summary>
    private static CancellationToken StorageBudget(HttpContext http)
    {
        var services = http.RequestServices;
        var budget = TimeSpan.FromMilliseconds(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HelplineOptions>>().Value.StorageBudgetMilliseconds);
        var timeout = new CancellationTokenSource(budget, services.GetRequiredService<TimeProvider>());
        var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, timeout.Token);
        http.Response.RegisterForDispose(linked);
        http.Response.RegisterForDispose(timeout);
        return linked.Token;
    }

    // The /voice/agent routes have the same budget: what they need travels in the offer's URL (OfferToken), so a slow
    // database costs the caller nothing but a journaled write.

    private static async Task<VoiceWebhookRequest> ReadAsync(HttpContext http) =>
        VoiceWebhookRequest.FromForm(await WebhookForm.ReadAsync(http) ?? FormCollection.Empty);
}
