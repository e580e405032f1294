namespace Helpline.Data.Routing;

/// <summary>
/// How many social workers will take a caller, now or after their current call (available, ringing, on a call or in
/// wrap-up, and not due to pause or go offline after it), read in one round trip with since when nobody can.
/// </summary>
/// <param name="Count">Workers coming; paused, offline and deactivated workers do not count.</param>
/// <param name="NobodySince">
/// When <paramref name="Count"/> is 0, since when nobody can come (the latest change of any worker), or
/// <see cref="DateTimeOffset.MinValue"/> when no worker exists; null when someone can come.
/// </param>
public sealed record WorkersComing(int Count, DateTimeOffset? NobodySince);
