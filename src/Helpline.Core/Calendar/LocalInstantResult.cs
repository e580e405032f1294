using System.Diagnostics.CodeAnalysis;

namespace Helpline.Core.Calendar;

/// <summary>
/// What <see cref="LocalInstant.Parse"/> made of a typed instant: the instant, or why it was refused and how to write
/// it instead. Bad input is expected (people type), so it is a value to report, never an exception.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class LocalInstantResult
{
    private LocalInstantResult(DateTimeOffset instant, string? error, string? fix)
    {
        Instant = instant;
        Error = error;
        Fix = fix;
    }

    /// <summary>True when the text is one instant.</summary>
    [MemberNotNullWhen(false, nameof(Error), nameof(Fix), nameof(Message))]
    public bool Succeeded => Error is null;

    /// <summary>
    /// The instant (meaningful only when <see cref="Succeeded"/>). Its offset is the one typed, or, for a local time,
    /// the zone's offset at that time (so it prints as the person wrote it).
    /// </summary>
    public DateTimeOffset Instant { get; }

    /// <summary>What is wrong, quoting the text (e.g. "'2026-03-29T02:30:00' does not exist in Europe/Paris: …"), or null.</summary>
    public string? Error { get; }

    /// <summary>How to write it instead (e.g. "write a time outside that hour, or give an offset"), or null.</summary>
    public string? Fix { get; }

    /// <summary><see cref="Error"/> and <see cref="Fix"/> as one sentence, for an API problem body or a terminal.</summary>
    public string? Message => Error is null ? null : $"{Error}; {Fix}";

    /// <summary>An accepted instant.</summary>
    internal static LocalInstantResult Ok(DateTimeOffset instant) => new(instant, null, null);

    /// <summary>A refused text.</summary>
    internal static LocalInstantResult Refused(string error, string fix) => new(default, error, fix);
}
