namespace Helpline.Core.Calendar;

/// <summary>The calendar's answer for one instant: open or closed, why, and a detail such as the holiday's name.</summary>
/// <param name="IsOpen">True when the line is open.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">The holiday's name, the closure's or override's reason, or null.</param>
public sealed record OpeningStatus(bool IsOpen, OpeningReason Reason, string? Detail = null);
