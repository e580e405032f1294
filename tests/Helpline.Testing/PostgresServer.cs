using Npgsql;

namespace Helpline.Testing;

/// <summary>
/// A real PostgreSQL for the tests: initdb and pg_ctl in a temporary folder, listening on a free port of 127.0.0.1,
/// started once per test process (<see cref="SharedAsync"/>) and removed when the process exits. Each test class takes
/// its own empty database (<see cref="CreateDatabaseAsync"/>), so classes running in parallel never see each other's rows.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root; as root (as on our build machines) the folder is handed to the <c>postgres</c>
/// user and the server runs as that user. The binaries come from <c>HELPLINE_PG_BIN</c>, <c>pg_config --bindir</c>,
/// the highest <c>/usr/lib/postgresql/*/bin</c>, or the PATH, in that order; <c>ops/test</c> installs them.
/// </remarks>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(StartSharedAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly bool _asPostgresUser;
    private int _databases;
    private int _stopped;
    private bool _isShared;

    private PostgresServer(string binDirectory, string folder, bool asPostgresUser)
    {
        BinDirectory = binDirectory;
        Folder = folder;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The server binaries' folder.</summary>
    public string BinDirectory { get; }

    /// <summary>The temporary folder holding the data directory, the socket and the server log.</summary>
    public string Folder { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    private string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>The test process's server, started on first use (thread-safe), stopped and deleted at process exit.</summary>
    /// <remarks>A failed start is remembered: every caller gets the same exception, with the server log's tail.</remarks>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>Starts a server of one's own (e.g. a test that stops the database); the caller disposes it.</summary>
    /// <param name="ct">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">No server binaries, or the server did not start (the message has the log's tail).</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var bin = FindBinaries();
        await RemoveStaleFoldersAsync(bin);
        var folder = Directory.CreateTempSubdirectory(CurrentFolderPrefix()).FullName;
        var asPostgres = IsRoot();
        var server = new PostgresServer(bin, folder, asPostgres);
        try
        {
            if (asPostgres)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgresUser: false, folder, ct);
            }

            await server.InitializeAsync(ct);
            await server.StartServerAsync(ct);
            return server;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var log = server.LogTail();
            await server.StopAndDeleteAsync();
            throw new InvalidOperationException(
                $"Could not start the test PostgreSQL from {bin} in {folder}: {ex.Message}{Environment.NewLine}Server log (last lines):{Environment.NewLine}{log}", ex);
        }
        catch
        {
            await server.StopAndDeleteAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    /// <param name="prefix">A readable start for the name (letters, digits and underscores are kept), e.g. the test class.</param>
    /// <param name="ct">Cancels the creation.</param>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken ct = default)
    {
        var readable = new string((prefix ?? "test").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(24).ToArray());
        var name = $"{readable}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..16]}"; // under PostgreSQL's 63 bytes
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(ct);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (immediate mode: the data is thrown away) and deletes its folder.</summary>
    /// <remarks>Does nothing for the shared server, which belongs to the whole test process and goes at its exit.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (!_isShared)
        {
            await StopAndDeleteAsync();
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync();
        server._isShared = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAndDeleteAsync().GetAwaiter().GetResult();
        return server;
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Timeout = 15,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private async Task InitializeAsync(CancellationToken ct)
    {
        // --no-sync: the cluster is thrown away after the run.
        await ExecAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], ct);
        var socketDirectory = Folder.Replace("'", "''", StringComparison.Ordinal);

        // Test-only settings. Durability off (fsync, synchronous_commit, full_page_writes) because the data dies with the
        // run and the tests go several times faster; loopback TCP only, the socket inside our folder (not /var/run), and
        // trust authentication, which is safe for a throw-away cluster reachable from this machine alone.
        string[] settings =
        [
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{socketDirectory}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 200",
        ];
        await File.AppendAllLinesAsync(Path.Combine(DataDirectory, "postgresql.conf"), ["", "# helpline tests", .. settings], ct);
    }

    private async Task StartServerAsync(CancellationToken ct)
    {
        // The free port may be taken between finding it and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Find();
            try
            {
                await ExecAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "60", "start"], ct);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && LogTail().Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
            }
        }

        await using var probe = new NpgsqlConnection(AdminConnectionString);
        await probe.OpenAsync(ct);
    }

    private async Task StopAndDeleteAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await ExecAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Not running any more; the folder still goes.
        }

        DeleteFolder(Folder);
    }

    private string LogTail()
    {
        try
        {
            return File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(30)) : "(no server log was written)";
        }
        catch (IOException ex)
        {
            return $"(server log unreadable: {ex.Message})";
        }
    }

    private Task ExecAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct) =>
        RunAsync(Path.Combine(BinDirectory, tool), arguments, _asPostgresUser, Folder, ct);

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's stale-folder sweep.
        }
    }
}
