using Dapper;
using Helpline.Cli.Commands;
using Helpline.Data.Accounts;
using Helpline.Testing;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Helpline.Cli.Tests;

/// <summary><c>helpline account add</c> against a real PostgreSQL database (migrated by the command itself).</summary>
public sealed class AccountCommandTests : IAsyncLifetime
{
    private string _connection = string.Empty;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _connection = await server.CreateDatabaseAsync("cli");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Supervisor_account_is_created_with_a_hash_the_server_s_hasher_accepts()
    {
        var (code, output, error) = await RunAsync("chef", "supervisor", null, "un-mot-de-passe-long");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains("account chef created (supervisor)", output, StringComparison.Ordinal);
        await using var db = new NpgsqlConnection(_connection);
        var (hash, role, worker) = await db.QuerySingleAsync<(string, string, int?)>("select password_hash, role, worker_id from accounts where login = 'chef'");
        Assert.Equal(("supervisor", (int?)null), (role, worker));
        Assert.DoesNotContain("un-mot-de-passe-long", hash, StringComparison.Ordinal);
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AccountRecord>().VerifyHashedPassword(null!, hash, "un-mot-de-passe-long"));
    }

    [Fact]
    public async Task Worker_account_is_linked_to_the_named_worker()
    {
        await RunAsync("seed", "supervisor", null, "0123456789"); // migrates the database
        await using var db = new NpgsqlConnection(_connection);
        var id = await db.ExecuteScalarAsync<int>("insert into workers (name, phone, status_since) values ('Écoutante 1', '+33600000001', now()) returning id");

        var (code, _, _) = await RunAsync("e1", "worker", "écoutante 1", "0123456789");

        Assert.Equal(0, code);
        Assert.Equal(id, await db.ExecuteScalarAsync<int>("select worker_id from accounts where login = 'e1'"));
    }

    [Theory]
    [InlineData("", "supervisor", null, "0123456789", "the login must have 1 to 100 characters")]
    [InlineData("x", "admin", null, "0123456789", "--role must be worker or supervisor, not 'admin'")]
    [InlineData("x", "worker", null, "0123456789", "a worker account needs --worker NAME")]
    [InlineData("x", "worker", "Personne", "0123456789", "no worker named 'Personne'")]
    [InlineData("x", "supervisor", null, "court", "the password (from HELPLINE_ACCOUNT_PASSWORD or standard input) must have 10 to 200 characters")]
    [InlineData("x", "supervisor", null, null, "the password (from HELPLINE_ACCOUNT_PASSWORD or standard input) must have 10 to 200 characters")]
    public async Task Bad_input_is_refused_with_exit_1_and_the_reason(string login, string role, string? worker, string? password, string message)
    {
        var (code, _, error) = await RunAsync(login, role, worker, password);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_taken_in_any_case_is_refused()
    {
        await RunAsync("Chef", "supervisor", null, "0123456789");

        var (code, _, error) = await RunAsync("chef", "supervisor", null, "9876543210");

        Assert.Equal(1, code);
        Assert.Contains("the login 'chef' is already taken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_database_is_a_message_not_a_stack_trace()
    {
        var port = FreeTcpPort.Find();

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AccountCommand.RunAsync("x", "supervisor", null, $"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d;Timeout=2", "0123456789", output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("the database could not be reached", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string login, string role, string? worker, string? password)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AccountCommand.RunAsync(login, role, worker, _connection, password, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
