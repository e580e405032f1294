using Dapper;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Hosting;
using Helpline.Server.Storage;
using Helpline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Helpline.Server.Tests;

/// <summary>
/// The call writer on its own, over a PostgreSQL of the test's own: a write goes to the database; to the journal when
/// the database is down or slower than the storage budget; and, while the journal holds a call's earlier writes, that
/// call's later writes follow them into the journal (their order holds) while other calls keep writing to the database.
/// </summary>
public sealed class CallWriterTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));
    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _journalFolder = Directory.CreateTempSubdirectory("helpline-writer-").FullName;
    private PostgresServer _server = null!;
    private NpgsqlDataSource _data = null!;
    private CallJournal _journal = null!;
    private CallWriter _writer = null!;

    /// <summary>The service's counters, on a meter nobody listens to here.</summary>
    private static Helpline.Server.Observability.HelplineMetrics Metrics { get; } =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var connection = await _server.CreateDatabaseAsync("writer");
        _data = Helpline.Data.HelplineDataSource.Create(connection);
        await new Helpline.Data.Migrations.MigrationRunner(_data).RunAsync();
        _journal = new CallJournal(Microsoft.Extensions.Options.Options.Create(new JournalOptions { Folder = _journalFolder }), new Environment(), NullLogger<CallJournal>.Instance);
        var budget = new StorageBudget(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { StorageBudgetMilliseconds = 300 }), TimeProvider.System);
        _writer = new CallWriter(new CallStore(_data), new RoutingStore(_data), _journal, budget, Metrics, NullLogger<CallWriter>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _data.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_journalFolder, recursive: true);
    }

    [Fact]
    public async Task Write_goes_to_the_database_when_it_answers()
    {
        var sid = Sid();

        var result = await _writer.StartAsync(Call(sid), Step("accueil", 1));

        Assert.True(result!.Created);
        Assert.Equal(0, _journal.Pending);
    }

    [Fact]
    public async Task Write_goes_to_the_journal_when_the_database_is_down_and_its_result_is_unknown()
    {
        var sid = Sid();
        await _server.StopAsync(CancellationToken.None);

        var result = await _writer.StartAsync(Call(sid), Step("accueil", 1));

        Assert.Null(result);
        Assert.Equal(1, _journal.Pending);
        Assert.True(_journal.HasPendingFor(sid));
        await _server.RestartAsync();
    }

    [Fact]
    public async Task Write_goes_to_the_journal_when_the_database_is_slower_than_the_budget()
    {
        var sid = Sid();
        await _writer.StartAsync(Call(sid), Step("accueil", 1));
        await using var locker = await _data.OpenConnectionAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await locker.ExecuteAsync("select 1 from calls where call_sid = @sid for update", new { sid }, transaction);

        var result = await _writer.AdvanceAsync(sid, 1, Step("danger", 2), "gather");

        Assert.Null(result);
        Assert.True(_journal.HasPendingFor(sid));
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task Later_writes_of_a_journaled_call_follow_it_into_the_journal_and_other_calls_keep_the_database()
    {
        var journaled = Sid();
        var other = Sid();
        await _server.StopAsync(CancellationToken.None);
        await _writer.StartAsync(Call(journaled), Step("accueil", 1));
        await _server.RestartAsync();
        NpgsqlConnection.ClearAllPools();
        _data = Helpline.Data.HelplineDataSource.Create(_data.ConnectionString);
        _writer = new CallWriter(new CallStore(_data), new RoutingStore(_data), _journal,
            new StorageBudget(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { StorageBudgetMilliseconds = 2000 }), TimeProvider.System), Metrics, NullLogger<CallWriter>.Instance);

        var step = await _writer.AdvanceAsync(journaled, 1, Step("danger", 2), "gather");
        var started = await _writer.StartAsync(Call(other), Step("accueil", 1));

        Assert.Null(step); // behind its start, in the journal: the order holds
        Assert.Equal(2, _journal.Pending);
        Assert.True(started!.Created);
        await using var db = await _data.OpenConnectionAsync();
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from calls where call_sid = @journaled", new { journaled }));
    }

    public void Dispose() => _journal?.Dispose();

    private static string Sid() => "CA" + Guid.NewGuid().ToString("N");

    private static NewCall Call(string sid) => new(sid, "AC-test", "hash", null, "+33320000000", "un-premier-pas", "v1", T0);

    private static CallAdvance Step(string state, int number) =>
        new(state, number, 0, null, $"<Response><Say>{state}</Say></Response>", T0.AddSeconds(number), [new CallEventRecord("transition", "avant", state, "t", null)]);

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "Helpline.Server";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
