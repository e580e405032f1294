using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Helpline.Testing;

namespace Helpline.Server.Tests.Infrastructure;

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
        var dll = Path.Combine(HelplineApp.RepoRoot, "src", "Helpline.Server", "bin", "Release", "net10.0", "Helpline.Server.dll");
        if (!File.Exists(dll))
        {
            dll = Path.Combine(HelplineApp.RepoRoot, "src", "Helpline.Server", "bin", "Debug", "net10.0", "Helpline.Server.dll");
        }

        var url = "http://127.0.0.1:" + FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture);
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
        var journal = Directory.CreateTempSubdirectory("helpline-instance-journal-").FullName; // one per instance, as in production
        start.Environment["Helpline__Journal__Folder"] = journal;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + dll);
        var server = new ServerProcess(process, url, journal);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
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
