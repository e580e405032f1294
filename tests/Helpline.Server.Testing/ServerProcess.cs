using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Helpline.Testing;

namespace Helpline.Server.Testing;

/// <summary>
/// The real server as its own operating-system process (the built Helpline.Server.dll on a real Kestrel port), so a test
/// can run two instances on one database and kill one with SIGKILL, as a crash would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly string _journal;

    private ServerProcess(Process process, string url, string journal)
    {
        _process = process;
        Url = url;
        _journal = journal;
    }

    /// <summary>Where this instance listens (http://127.0.0.1:port).</summary>
    public string Url { get; }

    /// <summary>What the process printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts an instance over <paramref name="connectionString"/> and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var url = "http://127.0.0.1:" + FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture);
        var journal = Directory.CreateTempSubdirectory("helpline-instance-journal-").FullName; // one per instance, as in production
        var start = StartInfo(url, connectionString, journal, settings?.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var server = new ServerProcess(process, url, journal);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>
    /// Runs an instance that should refuse to start (a bad configuration) and returns how it ended: its exit code and
    /// what it wrote on standard output and standard error. <paramref name="settings"/> are environment variables over
    /// the usual test ones; a null value removes the variable. Fails the test if the instance is still running after a minute.
    /// </summary>
    public static async Task<RefusedStart> RunUntilExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var url = "http://127.0.0.1:" + FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture);
        var journal = Directory.CreateTempSubdirectory("helpline-refused-journal-").FullName;
        try
        {
            var start = StartInfo(url, "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x", journal, settings);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"the server did not stop within a minute:\n{Lines(stdout)}\n{Lines(stderr)}");
            }

            process.WaitForExit(); // drains the redirected output
            return new RefusedStart(process.ExitCode, Lines(stdout), Lines(stderr));
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    private static ProcessStartInfo StartInfo(string url, string connectionString, string journal, IReadOnlyDictionary<string, string?>? settings)
    {
        // The server built with the tests' own configuration (…/bin/<Configuration>/net10.0/): a Release build left by
        // an earlier `ops/test` must not stand in for the Debug build just made, or the other way round.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        var dll = Path.Combine(HelplineApp.RepoRoot, "src", "Helpline.Server", "bin", configuration, "net10.0", "Helpline.Server.dll");

        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = HelplineApp.RepoRoot,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Helpline"] = connectionString;
        start.Environment["Helpline__FlowPath"] = Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml");
        start.Environment["Helpline__PublicBaseUrl"] = HelplineApp.PublicBaseUrl;
        start.Environment["Helpline__AdminToken"] = HelplineApp.AdminToken;
        start.Environment["Helpline__CallerHashKey"] = HelplineApp.CallerHashKey;
        start.Environment["Helpline__Twilio__AuthToken"] = HelplineApp.AuthToken;
        start.Environment["Helpline__Twilio__ApiBaseUrl"] = "http://127.0.0.1:9"; // discard port: no provider here
        // Cold processes on a loaded machine: the test is about the call's state, not the storage budget.
        start.Environment["Helpline__StorageBudgetMilliseconds"] = "10000";
        start.Environment["Helpline__Journal__Folder"] = journal;
        start.Environment["Helpline__Callers__MaxCallsPerHour"] = "1000"; // tests call from one number many times an hour
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string[] Lines(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        }
    }

    /// <summary>A client for this instance; the provider's signatures are computed on the shared public URL.</summary>
    public TwilioClient Twilio() => new(new HttpClient { BaseAddress = new Uri(Url) }, HelplineApp.AuthToken, HelplineApp.PublicBaseUrl);

    /// <summary>SIGKILL: the process dies at once, in the middle of whatever it was doing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_journal, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 1200 && !_process.HasExited; i++)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"the server at {Url} did not become ready:\n{Output}");
    }
}
