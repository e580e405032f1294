namespace Helpline.Data.Calls;

/// <summary>The result of <see cref="CallStore.StartAsync"/>: created, or the call that already existed (the provider retried).</summary>
/// <param name="Created">True when this webhook created the call.</param>
/// <param name="Existing">The stored call when it already existed; null when created.</param>
public sealed record StartResult(bool Created, CallSnapshot? Existing);
