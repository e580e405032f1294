using Helpline.Server.Security;
using Helpline.Server.Voice;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Agents;

/// <summary>
/// A webhook of the worker's leg as the endpoints take it, bound once: the provider's fields, the offer of the URL we
/// handed out (<see cref="OfferToken"/>; null when absent or damaged), and for the whisper — which runs on the
/// worker's own call — the caller's call it is about.
/// </summary>
/// <param name="Request">The provider's fields.</param>
/// <param name="Offer">The offer the URL carries.</param>
/// <param name="CallerSid">For the whisper: the caller's call.</param>
internal sealed record AgentWebhook(VoiceWebhookRequest Request, OfferToken? Offer, string? CallerSid)
{
    /// <summary>Minimal APIs' binding hook.</summary>
    public static async ValueTask<AgentWebhook?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        return new AgentWebhook(VoiceWebhookRequest.FromForm(await WebhookForm.ReadAsync(context) ?? FormCollection.Empty), VoiceRoutes.ReadOffer(query), VoiceRoutes.ReadCaller(query));
    }

    /// <summary>The caller's leg as a voice webhook (the offer's step token as its position).</summary>
    public VoiceWebhook CallersLeg => new(Request, Offer?.Step);
}
