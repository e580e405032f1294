using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Helpline.Testing;

namespace Helpline.Server.Testing;

/// <summary>
/// The real Prometheus (Debian's <c>prometheus</c> package; <c>ops/test</c> installs it when missing) as its own
/// process on a free loopback port, with a generated configuration that scrapes one target every second and loads the
/// given alerting rules, a throwaway storage folder, and its HTTP API for the test's queries.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, string folder, string url)
    {
        _process = process;
        _folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Prometheus' own HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The <c>prometheus</c> binary, or null when it is not installed.</summary>
    public static string? Binary => Find("prometheus");

    /// <summary>The <c>promtool</c> binary that comes with it, or null.</summary>
    public static string? Promtool => Find("promtool");

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at <paramref name="metricsPath"/> every second, with <paramref name="ruleFiles"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string metricsPath, params string[] ruleFiles)
    {
        var binary = Binary ?? throw new InvalidOperationException("prometheus is not installed");
        var folder = Directory.CreateTempSubdirectory("helpline-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        var rules = string.Join("\n", ruleFiles.Select(r => "  - " + r));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
            {rules}
            scrape_configs:
              - job_name: helpline
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ["{target}"]
            """);
        var url = "http://127.0.0.1:" + FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add("--config.file=" + config);
        start.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(folder, "data"));
        start.ArgumentList.Add("--web.listen-address=" + new Uri(url).Authority);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        var server = new PrometheusServer(process, folder, url);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>What Prometheus printed (for failure messages).</summary>
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

    /// <summary>An instant query: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{promql} -> {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty),
                double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The value of a query that yields one series, or null when it yields none.</summary>
    public async Task<double?> ValueAsync(string promql) => (await QueryAsync(promql)) switch
    {
        [] => null,
        [var one] => one.Value,
        var many => throw new InvalidOperationException($"{promql} gave {many.Count} series"),
    };

    /// <summary>A JSON document from the API (e.g. <c>/api/v1/rules</c>).</summary>
    public async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(path));

    /// <summary>Runs promtool with <paramref name="arguments"/>: its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Promtool ?? throw new InvalidOperationException("promtool is not installed"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

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
        for (var i = 0; i < 600 && !_process.HasExited; i++)
        {
            try
            {
                using var response = await Http.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("prometheus did not become ready:\n" + Output);
    }
}
