namespace Helpline.Server.Dashboard;

/// <summary>An account to create at first start (<c>Helpline:Dashboard:Accounts:N</c>); the password comes from the environment.</summary>
public sealed class DashboardAccountOptions
{
    /// <summary>The login typed on the sign-in page.</summary>
    public string Login { get; set; } = string.Empty;

    /// <summary>The initial password (SECRET: <c>Helpline__Dashboard__Accounts__N__Password</c>). At least 10 characters.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary><c>worker</c> or <c>supervisor</c>.</summary>
    public string Role { get; set; } = "worker";

    /// <summary>For a worker: the name of their row in <c>Helpline:Routing:Workers</c>.</summary>
    public string? Worker { get; set; }
}
