using Helpline.Data.Accounts;
using Helpline.Data.Routing;
using Helpline.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Creates the accounts of <c>Helpline:Dashboard:Accounts</c> once the database is ready, when their login does not
/// exist yet: a département can start with its four social workers and a supervisor without any manual step, and an
/// account changed later on the page is never overwritten by configuration. The configured workers already exist when
/// the database is ready (<see cref="DatabaseInitializer"/> seeds them, once and in order), so a worker account can be
/// linked to its worker by name.
/// </summary>
internal sealed partial class AccountBootstrap(
    DatabaseInitializer database,
    AccountStore accounts,
    RoutingStore routing,
    IPasswordHasher<AccountRecord> hasher,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<AccountBootstrap> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A storage fault never stops the host: the accounts are created at the next try, a little later.
        for (var wait = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; wait = TimeSpan.FromSeconds(Math.Min(30, wait.TotalSeconds * 2)))
        {
            try
            {
                await database.Ready.WaitAsync(stoppingToken);
                await CreateConfiguredAccountsAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (Data.StorageFault.Is(ex))
            {
                LogFailed(logger, ex);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    private async Task CreateConfiguredAccountsAsync(CancellationToken ct)
    {
        if (options.Value.Accounts.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var workers = await routing.ListWorkersAsync(ct);
        foreach (var account in options.Value.Accounts)
        {
            if (await accounts.FindAsync(account.Login, ct) is not null)
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
            if (await accounts.CreateAsync(account.Login, hash, account.Role, workerId, now, ct) is not null)
            {
                LogCreated(logger, account.Login, account.Role);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard account {Login} created from configuration ({Role})")]
    private static partial void LogCreated(ILogger logger, string login, string role);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard account {Login} not created: no worker named {Worker} (Helpline:Routing:Workers)")]
    private static partial void LogNoWorker(ILogger logger, string login, string? worker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard accounts could not be created from configuration yet (database unavailable); trying again")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
