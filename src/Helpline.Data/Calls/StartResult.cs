namespace Helpline.Data.Calls;

/// <summary>The result of <see cref="CallStore.StartAsync"/>: created, or the call that already existed (the provider retried).</summary>
/// <param name="Created">True when this webhook created the call.</param>
/// <param name="Existing">The stored call when it already existed; null when created.</param>
public sealed record StartResult(bool Created, CallSnapshot? Existing)
{
    /// <summary>What the call's creation found about the caller (flag, calls in the last hour, challenge); default for an existing call.</summary>
    public CallerPolicy Policy { get; init; } = CallerPolicy.None;
}
