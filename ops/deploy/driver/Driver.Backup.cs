using System.Globalization;

namespace Helpline.DeploymentDriver;

internal sealed partial class Driver
{
    /// <summary>
    /// ops/backup (three runs, keeping two), every instance stopped, the database dropped, ops/restore into a fresh
    /// one, the instances started on it: the calls, their events and the accounts are there, password hashes included
    /// (an account recreated at start would have a new salt), and a new call is answered.
    /// </summary>
    private async Task BackupAndRestoreAsync()
    {
        const string Counts = "select (select count(*) from calls) || ' calls, ' || (select count(*) from call_events) || ' events, ' || (select count(*) from queue_entries) || ' queue entries, ' || (select count(*) from accounts) || ' accounts'";
        const string Accounts = "select coalesce(string_agg(login || ':' || password_hash || ':' || created_at, ',' order by id), '') from accounts";
        var before = await deployment.ScalarAsync<string>(Counts);
        var accounts = await deployment.ScalarAsync<string>(Accounts);
        var calls = await deployment.ScalarAsync<long>("select count(*) from calls");

        var backups = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            backups.Add((await deployment.ControlAsync("backup")).Trim().Split('\n').First(l => l.StartsWith("backup ", StringComparison.Ordinal)));
            await Task.Delay(1100); // one dump per second at most: their names carry the second
        }

        var kept = (await deployment.ControlAsync("backups")).Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        results.Check(kept.Length == 2, "ops/backup rotation (--keep 2 over 3 runs)", $"{kept.Length} dumps kept: {string.Join(", ", kept)}; last: {backups[^1]}");

        var destroyed = (await deployment.ControlAsync("destroy-database")).Trim();
        var restored = (await deployment.ControlAsync("restore", kept[0])).Trim();
        foreach (var port in options.Instances)
        {
            await deployment.StartAsync(port);
        }

        var after = await deployment.ScalarAsync<string>(Counts);
        var accountsAfter = await deployment.ScalarAsync<string>(Accounts);
        results.Check(after == before && accountsAfter == accounts && calls > 0 && accounts.Length > 0,
            "backup, database destroyed, restore: the calls and accounts are there and both instances start on it",
            $"before: {before}; after: {after}; accounts identical (hashes, creation times): {accountsAfter == accounts}; {destroyed}; {restored.Split('\n')[^1]}");

        await deployment.SetWorkerAsync(A, "pause");
        var (sid, enqueue) = await QueueCallerAsync();
        await HoldAsync(sid, enqueue, 5);
        await HangUpAsync(sid);
        results.Check(await deployment.ScalarAsync<long>("select count(*) from calls") == calls + 1, "a new call on the restored database is stored",
            string.Create(CultureInfo.InvariantCulture, $"{calls + 1} calls"));
    }
}
