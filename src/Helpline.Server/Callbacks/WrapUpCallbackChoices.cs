namespace Helpline.Server.Callbacks;

/// <summary>What the wrap-up call-back form offers.</summary>
/// <param name="Windows">The windows she may choose now (key and words), "as soon as possible" first.</param>
/// <param name="AsksCallerId">True when a neutral number may be shown instead of the helpline's.</param>
public sealed record WrapUpCallbackChoices(IReadOnlyList<WrapUpCallbackWindow> Windows, bool AsksCallerId);
