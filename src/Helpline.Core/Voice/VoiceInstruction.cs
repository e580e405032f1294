namespace Helpline.Core.Voice;

/// <summary>
/// What the provider must do next for a call, independent of any provider's markup: the flow engine yields these and
/// the Twilio layer renders them as TwiML. Keeping them neutral lets another provider be added beside Twilio.
/// </summary>
public abstract record VoiceInstruction;
