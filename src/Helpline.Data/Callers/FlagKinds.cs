namespace Helpline.Data.Callers;

/// <summary>What a flag does to the caller's calls (<c>caller_flags.kind</c>).</summary>
public static class FlagKinds
{
    /// <summary>She hears the emergency numbers, then the call ends: no menu, no queue.</summary>
    public const string Blocked = "blocked";

    /// <summary>The call goes through; the worker is warned (tag <c>appelant-signale</c>).</summary>
    public const string Watch = "watch";

    /// <summary>True for a known kind.</summary>
    public static bool IsKnown(string? kind) => kind is Blocked or Watch;
}
