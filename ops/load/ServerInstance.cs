using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Helpline.Load;

/// <summary>
/// One instance of the published server, started as it is deployed (Production, fresh random secrets) on
/// <c>127.0.0.1:port</c>, and ready once it has answered a signed <c>/voice/incoming</c>. Behind a reverse proxy it is
/// given the public URL (signatures are checked against it, whichever way a request arrives) and the proxy's address as
/// the one whose forwarded headers it believes.
/// </summary>
internal sealed class ServerInstance
{
    private ServerInstance(int port, string? publicBaseUrl)
    {
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        Direct = new Target(Url, publicBaseUrl ?? Url);
    }

    /// <summary>Where the instance listens.</summary>
    public string Url { get; }

    /// <summary>The instance reached directly, signed for its public URL.</summary>
    public Target Direct { get; }

    /// <summary>From process start to the first 200 on <c>/voice/incoming</c>.</summary>
    public TimeSpan StartUp { get; private set; }

    /// <param name="journalFolder">Its own journal (one per instance, as deployed).</param>
    /// <param name="publicBaseUrl">The proxy's public URL, or null when it is reached directly only.</param>
    /// <param name="proxyAddress">The address the proxy connects from (Helpline:ForwardedHeaders:KnownProxies).</param>
    public static async Task<ServerInstance> StartAsync(LoadOptions options, int port, string token, string adminToken, string journalFolder, string? publicBaseUrl = null, string? proxyAddress = null)
    {
        var instance = new ServerInstance(port, publicBaseUrl);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.ServerDll);
        start.Environment["ASPNETCORE_URLS"] = instance.Url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production"; // with fresh random secrets, which Production accepts
        start.Environment["ConnectionStrings__Helpline"] = options.ConnectionString;
        start.Environment["Helpline__FlowPath"] = options.FlowPath;
        start.Environment["Helpline__Journal__Folder"] = journalFolder;
        start.Environment["Helpline__Twilio__AuthToken"] = token;
        start.Environment["Helpline__AdminToken"] = adminToken;
        start.Environment["Helpline__CallerHashKey"] = RandomSecret() + RandomSecret();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (publicBaseUrl is not null)
        {
            start.Environment["Helpline__PublicBaseUrl"] = publicBaseUrl;
        }

        if (proxyAddress is not null)
        {
            start.Environment["Helpline__ForwardedHeaders__KnownProxies__0"] = proxyAddress;
        }

        var startedAt = Stopwatch.StartNew();
        var process = ChildProcesses.Start(start);
        var prefix = publicBaseUrl is null ? "[server] " : $"[server {port.ToString(CultureInfo.InvariantCulture)}] ";
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(prefix + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(prefix + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        instance.StartUp = await FirstAnswerAsync(instance.Direct, token, startedAt, process);
        return instance;
    }

    /// <summary>Opens the line for two hours (stored in PostgreSQL: every instance sees it), so the run does not depend on its hour.</summary>
    public async Task OpenLineAsync(string adminToken)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        using var response = await client.PutAsync($"{Url}/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"load test\"}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public static string RandomSecret() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30)).Replace('+', 'x').Replace('/', 'y');

    private static async Task<TimeSpan> FirstAnswerAsync(Target target, string token, Stopwatch since, Process process)
    {
        using var client = new HttpClient();
        while (since.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server on {target.BaseUrl} stopped at start (exit {process.ExitCode}); its lines above say why");
            }

            try
            {
                using var response = await client.SendAsync(Scenarios.Signed(target, "/voice/incoming", token, Scenarios.IncomingForm("CA" + Guid.NewGuid().ToString("N"))));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return since.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"the server on {target.BaseUrl} did not answer within 2 minutes");
    }
}
