namespace Helpline.Testing;

// Stopping and starting a server of one's own, to test a database that goes away mid-call and comes back.
public sealed partial class PostgresServer
{
    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data and its port.</summary>
    /// <exception cref="InvalidOperationException">Called on the shared server, which other tests are using.</exception>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_isShared)
        {
            throw new InvalidOperationException("the shared test server cannot be stopped: start a server of your own with PostgresServer.StartAsync()");
        }

        await ExecAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], ct);
    }

    /// <summary>Starts the stopped server again on the same port (so connection strings stay valid) and waits until it answers.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await ExecAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}", "-w", "-t", "60", "start"], ct);
        await using var probe = new Npgsql.NpgsqlConnection(AdminConnectionString);
        await probe.OpenAsync(ct);
    }
}
