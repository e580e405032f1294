using System.CommandLine;
using Helpline.Data;
using Helpline.Data.Accounts;
using Helpline.Data.Migrations;
using Helpline.Data.Routing;
using Microsoft.AspNetCore.Identity;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline account add LOGIN --role worker|supervisor [--worker NAME]</c>: creates a dashboard account in the
/// database, for the first supervisor of a new département or when the page is out of reach. The password is read
/// from <c>HELPLINE_ACCOUNT_PASSWORD</c> or the first line of standard input — never from an argument, which would
/// land in the shell history and the process list. The hash is ASP.NET Core's <c>PasswordHasher</c>, as the server's.
/// </summary>
public static class AccountCommand
{
    /// <summary>The environment variable the password may come from.</summary>
    public const string PasswordVariable = "HELPLINE_ACCOUNT_PASSWORD";

    /// <summary>Builds the command.</summary>
    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var login = new Argument<string>("login") { Description = "The login typed on the sign-in page" };
        var role = new Option<string>("--role") { Description = "worker or supervisor", Required = true };
        var worker = new Option<string?>("--worker") { Description = "For a worker account: the worker's name (as on the supervisor page)" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (default: the ConnectionStrings__Helpline environment variable)" };
        var add = new Command("add", "Create an account; the password comes from " + PasswordVariable + " or the first line of standard input") { login, role, worker, connection };
        add.SetAction((result, ct) => RunAsync(
            result.GetValue(login)!, result.GetValue(role)!, result.GetValue(worker),
            result.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Helpline"),
            Environment.GetEnvironmentVariable(PasswordVariable) ?? input.ReadLine(), output, error, ct));
        return new Command("account", "Dashboard accounts") { add };
    }

    /// <summary>Creates the account; returns the exit code (1 with a message on any refusal).</summary>
    public static async Task<int> RunAsync(
        string login, string role, string? worker, string? connectionString, string? password, TextWriter output, TextWriter error, CancellationToken ct, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        login = (login ?? string.Empty).Trim();
        if (login.Length is 0 or > 100)
        {
            return Fail(error, "the login must have 1 to 100 characters");
        }

        if (!AccountRoles.IsKnown(role))
        {
            return Fail(error, $"--role must be {AccountRoles.Worker} or {AccountRoles.Supervisor}, not '{role}'");
        }

        if (role == AccountRoles.Worker && string.IsNullOrWhiteSpace(worker))
        {
            return Fail(error, "a worker account needs --worker NAME (the worker it belongs to)");
        }

        if (password is null || password.Length < 10 || password.Length > 200)
        {
            return Fail(error, $"the password (from {PasswordVariable} or standard input) must have 10 to 200 characters");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return Fail(error, "no database: give --connection or set ConnectionStrings__Helpline");
        }

        try
        {
            await using var dataSource = HelplineDataSource.Create(connectionString);
            await new MigrationRunner(dataSource).RunAsync(ct);
            int? workerId = null;
            if (role == AccountRoles.Worker)
            {
                workerId = (await new RoutingStore(dataSource).ListWorkersAsync(ct)).FirstOrDefault(w => string.Equals(w.Name, worker, StringComparison.OrdinalIgnoreCase))?.Id;
                if (workerId is null)
                {
                    return Fail(error, $"no worker named '{worker}' (workers are listed on the supervisor page)");
                }
            }

            var hash = new PasswordHasher<AccountRecord>().HashPassword(null!, password);
            var id = await new AccountStore(dataSource).CreateAsync(login, hash, role, workerId, (time ?? TimeProvider.System).GetUtcNow(), ct);
            if (id is null)
            {
                return Fail(error, $"the login '{login}' is already taken");
            }

            output.WriteLine($"account {login} created ({role}{(worker is null || role != AccountRoles.Worker ? string.Empty : ", " + worker)})");
            return 0;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException or TimeoutException)
        {
            return Fail(error, "the database could not be reached: " + ex.Message);
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("helpline account add: " + message);
        return 1;
    }
}
