using Helpline.Server.Security;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Voice;

/// <summary>
/// A webhook on the caller's leg as the endpoints take it, bound once as an endpoint parameter: the provider's fields
/// (from the form, read leniently and once — the signature filter's read is cached) and the step token of the URL we
/// handed out (null when absent or damaged, or for <c>/voice/incoming</c> and <c>/voice/status</c>, which have none).
/// </summary>
/// <param name="Request">The provider's fields.</param>
/// <param name="Step">The step the webhook answers.</param>
internal sealed record VoiceWebhook(VoiceWebhookRequest Request, StepToken? Step)
{
    /// <summary>Minimal APIs' binding hook.</summary>
    public static async ValueTask<VoiceWebhook?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new VoiceWebhook(VoiceWebhookRequest.FromForm(await WebhookForm.ReadAsync(context) ?? FormCollection.Empty), VoiceRoutes.ReadStep(context.Request.Query));
    }

    /// <summary>The call, when the provider named one we can store (a well-formed CallSid).</summary>
    public string? CallSid => Request.HasValidCallSid ? Request.CallSid : null;
}
