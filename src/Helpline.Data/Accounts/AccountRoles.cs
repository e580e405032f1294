namespace Helpline.Data.Accounts;

/// <summary>The two kinds of people who sign in (stored as text): a social worker sees their own page, a supervisor sees everything.</summary>
public static class AccountRoles
{
    /// <summary>A social worker taking calls (linked to a row of <c>workers</c>).</summary>
    public const string Worker = "worker";

    /// <summary>A supervisor: everyone's state, statistics, workers and accounts.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>True for a role the database accepts.</summary>
    public static bool IsKnown(string? role) => role is Worker or Supervisor;
}
