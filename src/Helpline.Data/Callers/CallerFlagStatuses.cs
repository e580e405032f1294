namespace Helpline.Data.Callers;

/// <summary>The life of a flag (<c>caller_flags.status</c>).</summary>
public static class CallerFlagStatuses
{
    /// <summary>Raised by a worker at wrap-up; acts only once a supervisor confirms it.</summary>
    public const string Proposed = "proposed";

    /// <summary>Acts on the caller's calls until it expires or is lifted.</summary>
    public const string Active = "active";

    /// <summary>Lifted by a supervisor.</summary>
    public const string Lifted = "lifted";

    /// <summary>A proposal a supervisor turned down.</summary>
    public const string Rejected = "rejected";
}
