namespace Helpline.Core.Callbacks;

/// <summary>
/// A call-back window as instants: [<see cref="From"/>, <see cref="To"/>), already cut to the line's opening hours of
/// its day and to the present (it never starts in the past). Stored with the request (Europe/Paris is the flow's zone;
/// instants carry their offset).
/// </summary>
/// <param name="Name">The window's name: a flow window's, or <see cref="CallbackWindows.AsSoonAsPossible"/>.</param>
/// <param name="From">The first instant the call may be made.</param>
/// <param name="To">The first instant it may no longer be made.</param>
public sealed record ResolvedWindow(string Name, DateTimeOffset From, DateTimeOffset To);
