using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// The workers of <c>Helpline:Routing:Workers</c> are created once, in configuration order, at the first start — with
/// dashboard accounts configured too (whose creation needs the workers), and across restarts: ids 1, 2, 3, 4, never
/// 1, 3, 5, 7 from two seeders racing or identity values burnt by conflicting inserts.
/// </summary>
public sealed class WorkerSeedingTests : IAsyncLifetime
{
    private readonly HelplineApp _app = new();

    public WorkerSeedingTests()
    {
        for (var i = 0; i < 4; i++)
        {
            _app.Settings[$"Helpline:Routing:Workers:{i}:Name"] = $"Écoutante {i + 1}";
            _app.Settings[$"Helpline:Routing:Workers:{i}:Phone"] = $"+3361000000{i + 1}";
            _app.Settings[$"Helpline:Dashboard:Accounts:{i}:Login"] = $"ecoutante{i + 1}";
            _app.Settings[$"Helpline:Dashboard:Accounts:{i}:Password"] = "mot-de-passe-assez-long";
            _app.Settings[$"Helpline:Dashboard:Accounts:{i}:Role"] = "worker";
            _app.Settings[$"Helpline:Dashboard:Accounts:{i}:Worker"] = $"Écoutante {i + 1}";
        }
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Configured_workers_get_ids_one_to_four_in_order_at_first_start_and_after_restarts()
    {
        for (var start = 0; start < 3; start++)
        {
            if (start > 0)
            {
                await _app.StartAsync();
            }

            await using var db = await _app.OpenDatabaseAsync();
            await Eventually.WaitForAsync(async () => await db.ExecuteScalarAsync<long>("select count(*) from accounts") == 4); // created in the background
            var workers = (await db.QueryAsync<(int Id, string Name)>("select id, name from workers order by id")).ToList();
            Assert.Equal([(1, "Écoutante 1"), (2, "Écoutante 2"), (3, "Écoutante 3"), (4, "Écoutante 4")], workers);
            var linked = (await db.QueryAsync<(string Login, int Worker)>("select login, worker_id from accounts order by login")).ToList();
            Assert.Equal([("ecoutante1", 1), ("ecoutante2", 2), ("ecoutante3", 3), ("ecoutante4", 4)], linked);
        }
    }
}
