namespace Helpline.Data.Statistics;

/// <summary>
/// Which of the flow's destination names count as "transferred to 17 / 115 / child protection": an outcome is stored
/// as <c>transferred:&lt;name&gt;</c>, and the names belong to the flow, not to the code.
/// </summary>
public sealed record TransferDestinations(string Police, string Housing, string ChildProtection)
{
    /// <summary>The names used by the default flow (<c>callflows/un-premier-pas.yaml</c>).</summary>
    public static TransferDestinations Default { get; } = new("police", "hebergement-urgence", "protection-enfance");
}
