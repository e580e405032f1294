using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Helpline.DeploymentDriver;

/// <summary>
/// The trial deployment as an administrator sees it: instances started and stopped through ops/try-deployment's
/// controls (the unit's own command line and environment), their health, the admin API, and the database.
/// </summary>
internal sealed class Deployment(string control, string adminToken, string databaseConnection)
{
    // No pool: an idle pooled connection would keep the database from being dropped in the restore scenario.
    private readonly string connectionString = databaseConnection + ";Pooling=false";

    public string ConnectionString => connectionString;

    /// <summary>Runs a control of ops/try-deployment (start PORT, stop PORT, upgrade, backup…) and returns what it printed; throws when it fails.</summary>
    public async Task<string> ControlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(control + " \"$@\"");
        start.ArgumentList.Add("control");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run " + control);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = (await output) + (await error);
        Console.Write(text);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"control '{string.Join(' ', arguments)}' failed ({process.ExitCode}): {text.Trim()}");
        }

        return text;
    }

    /// <summary>Starts the instance on <paramref name="port"/> (waits until ready and READY=1 was sent), opens the line on it; returns the seconds to READY=1.</summary>
    public async Task<double> StartAsync(int port)
    {
        var output = await ControlAsync("start", port.ToString(CultureInfo.InvariantCulture));
        await OpenLineAsync(port);
        var marker = output.Split('\n').FirstOrDefault(l => l.StartsWith("ready-seconds=", StringComparison.Ordinal));
        return marker is null ? double.NaN : double.Parse(marker["ready-seconds=".Length..], CultureInfo.InvariantCulture);
    }

    public Task StopAsync(int port) => ControlAsync("stop", port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The hours may say closed when the trial runs: open the line on this instance (it applies the override at once).</summary>
    public async Task OpenLineAsync(int port)
    {
        using var http = Admin(port);
        var until = DateTimeOffset.UtcNow.AddHours(3).ToString("O", CultureInfo.InvariantCulture);
        using var response = await http.PutAsync("/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"essai de déploiement\"}}", Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"hours override on {port}: {(int)response.StatusCode}");
        }
    }

    public async Task SetWorkerAsync(int port, string status)
    {
        using var http = Admin(port);
        using var response = await http.PutAsJsonAsync("/api/workers/1/status", new { status });
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.Accepted))
        {
            throw new InvalidOperationException($"worker status {status} on {port}: {(int)response.StatusCode}");
        }
    }

    /// <summary>The flow hash an instance serves new calls with (its /readyz).</summary>
    public static async Task<string> FlowHashAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        using var ready = JsonDocument.Parse(await http.GetStringAsync("/readyz"));
        return ready.RootElement.GetProperty("flow").GetProperty("hash").GetString()!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to <paramref name="seconds"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, double seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return (await db.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.ExecuteAsync(sql, parameters);
    }

    private HttpClient Admin(int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return http;
    }
}
