using System.Diagnostics;
using Npgsql;

namespace Helpline.Testing;

/// <summary>
/// A real PostgreSQL for the tests: initdb and pg_ctl in a temporary folder, on a free port of 127.0.0.1, started once
/// per test process and removed at exit. Each test class takes its own empty database (<see cref="CreateDatabaseAsync"/>).
/// PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string FolderPrefix = "helpline-pg-";
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? _shared;
    private int _databases;

    private PostgresServer(string binDirectory, string folder, int port)
    {
        BinDirectory = binDirectory;
        Folder = folder;
        Port = port;
    }

    /// <summary>The server binaries' folder.</summary>
    public string BinDirectory { get; }

    /// <summary>The temporary folder holding data, socket and log.</summary>
    public string Folder { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>The test process's server, started on first use.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.StopAndDelete();
            }

            return _shared;
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>A connection string to the maintenance database.</summary>
    public string AdminConnectionString => Connection("postgres");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var raw = $"{prefix ?? "test"}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}".ToLowerInvariant();
        var name = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(60).ToArray());
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        StopAndDelete();
        return ValueTask.CompletedTask;
    }

    private string Connection(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        Timeout = 15,
    }.ConnectionString;

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        RemoveStaleFolders(bin);
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["-R", "postgres:postgres", folder], asPostgres: false);
            Run("chmod", ["755", folder], asPostgres: false);
        }

        var port = FreeTcpPort.Find();
        var server = new PostgresServer(bin, folder, port);
        try
        {
            server.Exec("initdb", ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
            // Test-only settings: durability off for speed (the data is thrown away), loopback only.
            var options = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{folder}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            server.Exec("pg_ctl", ["-D", server.DataDirectory, "-l", server.LogFile, "-o", options, "-w", "-t", "60", "start"], asRoot);
            await using var probe = new NpgsqlConnection(server.AdminConnectionString);
            await probe.OpenAsync();
            return server;
        }
        catch (Exception ex)
        {
            var log = File.Exists(server.LogFile) ? string.Join(Environment.NewLine, File.ReadLines(server.LogFile).TakeLast(30)) : "(no server log)";
            server.StopAndDelete();
            throw new InvalidOperationException($"Could not start the test PostgreSQL from {bin}: {ex.Message}{Environment.NewLine}{log}", ex);
        }
    }

    private void StopAndDelete()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                Exec("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Exec(string tool, IReadOnlyList<string> arguments, bool asPostgres) => Run(Path.Combine(BinDirectory, tool), arguments, asPostgres);

    private static string Run(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }

    private static string FindBinaries()
    {
        static bool IsServerBin(string? dir) => dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        var fromEnv = Environment.GetEnvironmentVariable("HELPLINE_PG_BIN");
        if (IsServerBin(fromEnv))
        {
            return fromEnv!;
        }

        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(IsServerBin)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0)
        {
            return versions[0];
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').FirstOrDefault(IsServerBin);
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Run ops/test, which installs Debian's postgresql package, or set HELPLINE_PG_BIN.");
    }

    /// <summary>Removes folders of earlier runs that crashed before cleaning up (their postmaster is gone or is stopped here).</summary>
    private static void RemoveStaleFolders(string bin)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var pidFile = Path.Combine(folder, "data", "postmaster.pid");
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && IsAlive(pid))
                {
                    if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddHours(-6))
                    {
                        continue; // probably another test process running now
                    }

                    Run(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Leave it; it does not stop this run.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
