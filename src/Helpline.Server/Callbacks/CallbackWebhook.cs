using Helpline.Server.Security;
using Helpline.Server.Voice;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Callbacks;

/// <summary>
/// A webhook of a call-back's worker leg (the call we place to the worker, and the dial from it to the caller), bound
/// once: the provider's fields and the offer its URL carries (<see cref="CallbackOffer"/>; null when absent or damaged).
/// </summary>
/// <param name="Request">The provider's fields.</param>
/// <param name="Offer">The offer of the URL.</param>
internal sealed record CallbackWebhook(VoiceWebhookRequest Request, CallbackOffer? Offer)
{
    /// <summary>Minimal APIs' binding hook.</summary>
    public static async ValueTask<CallbackWebhook?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CallbackWebhook(VoiceWebhookRequest.FromForm(await WebhookForm.ReadAsync(context) ?? FormCollection.Empty), VoiceRoutes.ReadCallbackOffer(context.Request.Query));
    }
}
