namespace Helpline.Core.Routing;

/// <summary>
/// When a call-back request may be made, as the queue's order needs it: not before <see cref="NotBefore"/> (the start
/// of its window, or the next attempt after one that failed), and only before <see cref="WindowEnd"/> (the end of the
/// window she agreed to, already cut at the line's closing time). Instants are UTC-comparable
/// <see cref="DateTimeOffset"/>s; the window is half-open, [NotBefore, WindowEnd).
/// </summary>
/// <param name="NotBefore">The earliest instant the call-back may be made.</param>
/// <param name="WindowEnd">The first instant it may no longer be made.</param>
public sealed record CallbackTurn(DateTimeOffset NotBefore, DateTimeOffset WindowEnd)
{
    /// <summary>True when the call-back may be made at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => NotBefore <= now && now < WindowEnd;
}
