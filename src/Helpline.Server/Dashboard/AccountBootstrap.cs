using Helpline.Data.Accounts;
using Helpline.Data.Routing;
using Helpline.Server.Options;
using Helpline.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Dashboard;

/// <summary>
/// Creates the accounts of <c>Helpline:Dashboard:Accounts</c> once the database is ready, when their login does not
/// exist yet: a département can start with its four social workers and a supervisor without any manual step, and an
/// account changed later on the page is never overwritten by configuration. Workers are seeded first (the same
/// idempotent seeding as the dispatcher's) so a worker account can be linked to its worker by name; with no account
/// configured nothing runs (two seedings racing leave gaps in the workers' ids, harmless but surprising).
/// </summary>
public sealed partial class AccountBootstrap(
    DatabaseInitializer database,
    AccountStore accounts,
    RoutingStore routing,
    IPasswordHasher<AccountRecord> hasher,
    IOptions<DashboardOptions> options,
    IOptions<RoutingOptions> routingOptions,
    TimeProvider time,
    ILogger<AccountBootstrap> logger) : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the configured accounts exist (tests wait on it).</summary>
    public Task Done => _done.Task;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
            if (options.Value.Accounts.Count == 0)
            {
                _done.TrySetResult();
                return; // nothing to create: leave the seeding of workers to the dispatcher alone
            }

            var now = time.GetUtcNow();
            await routing.SeedWorkersAsync(routingOptions.Value.Workers.Select(w => (w.Name, w.Phone)), now, stoppingToken);
            var workers = await routing.ListWorkersAsync(stoppingToken);
            foreach (var account in options.Value.Accounts)
            {
                if (await accounts.FindAsync(account.Login, stoppingToken) is not null)
                {
                    continue;
                }

                int? workerId = null;
                if (account.Role == AccountRoles.Worker)
                {
                    workerId = workers.FirstOrDefault(w => string.Equals(w.Name, account.Worker, StringComparison.OrdinalIgnoreCase))?.Id;
                    if (workerId is null)
                    {
                        LogNoWorker(logger, account.Login, account.Worker);
                        continue;
                    }
                }

                var hash = hasher.HashPassword(null!, account.Password);
                if (await accounts.CreateAsync(account.Login, hash, account.Role, workerId, now, stoppingToken) is not null)
                {
                    LogCreated(logger, account.Login, account.Role);
                }
            }

            _done.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _done.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogFailed(logger, ex);
            _done.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard account {Login} created from configuration ({Role})")]
    private static partial void LogCreated(ILogger logger, string login, string role);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard account {Login} not created: no worker named {Worker} (Helpline:Routing:Workers)")]
    private static partial void LogNoWorker(ILogger logger, string login, string? worker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard accounts could not be created from configuration")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
