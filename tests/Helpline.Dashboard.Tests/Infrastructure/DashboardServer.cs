using System.Net;
using Dapper;
using Helpline.Server.Dashboard;
using Helpline.Server.Storage;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real server listening on a real Kestrel port of 127.0.0.1 (a browser cannot reach WebApplicationFactory's
/// in-memory TestServer), over a fresh database of the run's real PostgreSQL, with a fake clock, WireMock standing in
/// for the provider's REST API, three workers and their accounts created from configuration at start.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string AccountSid = "AC00000000000000000000000000000000";
    public const string AlicePassword = "alice-password-0123";
    public const string BeaPassword = "bea-password-0123";
    public const string ChloePassword = "chloe-password-0123";
    public const string SupervisorPassword = "chef-password-0123";

    private WebApplicationFactory<Program>? _factory;

    public WireMockServer Rest { get; } = WireMockServer.Start();

    /// <summary>The server's clock: Tuesday 10:00 in Paris, unless a test starts it elsewhere (it only moves forward).</summary>
    public FakeTimeProvider Time { get; init; } = new(HelplineApp.TuesdayMorning);

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The server's log lines; written to <c>.local/test-results/dashboard-server.log</c> at the end, as an artifact.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Another instance's database, to run a second instance over it (instead of a fresh database).</summary>
    public string? SharedConnectionString { get; init; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("not started")).Services;

    public async Task InitializeAsync()
    {
        Rest.Given(Request.Create().UsingPost().WithPath("/2010-04-01/Accounts/*"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        ConnectionString = SharedConnectionString ?? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("dashboard");
        var port = FreeTcpPort.Find();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Helpline"] = ConnectionString,
            ["Helpline:FlowPath"] = Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"),
            ["Helpline:PublicBaseUrl"] = HelplineApp.PublicBaseUrl,
            ["Helpline:AdminToken"] = HelplineApp.AdminToken,
            ["Helpline:CallerHashKey"] = HelplineApp.CallerHashKey,
            ["Helpline:Twilio:AuthToken"] = HelplineApp.AuthToken,
            ["Helpline:Twilio:AccountSid"] = AccountSid,
            ["Helpline:Twilio:ApiBaseUrl"] = Rest.Url,
            ["Helpline:Callers:MaxCallsPerHour"] = "1000", // the hourly limit's challenge is tested in CallerPoliciesTests
            ["Helpline:Routing:Workers:0:Name"] = "Alice",
            ["Helpline:Routing:Workers:0:Phone"] = "+33611111111",
            ["Helpline:Routing:Workers:1:Name"] = "Bea",
            ["Helpline:Routing:Workers:1:Phone"] = "+33622222222",
            ["Helpline:Routing:Workers:2:Name"] = "Chloe",
            ["Helpline:Routing:Workers:2:Phone"] = "+33633333333",
            ["Helpline:Routing:WrapUpSeconds"] = "120",
            // One journal folder per instance, as in production: two servers of this run starting at once over the
            // default folder failed its write check ("being used by another process") and the whole class with it.
            ["Helpline:Journal:Folder"] = Directory.CreateTempSubdirectory("helpline-dashboard-journal-").FullName,
            ["Helpline:Dashboard:SignInPerMinute"] = "1000", // many tests sign in within a minute; one test checks the limiter with its own low limit
            ["Helpline:Dashboard:OrientationsPath"] = Path.Combine(HelplineApp.RepoRoot, "config", "orientations.yaml"),
            ["Helpline:Dashboard:Accounts:0:Login"] = "alice",
            ["Helpline:Dashboard:Accounts:0:Password"] = AlicePassword,
            ["Helpline:Dashboard:Accounts:0:Role"] = "worker",
            ["Helpline:Dashboard:Accounts:0:Worker"] = "Alice",
            ["Helpline:Dashboard:Accounts:1:Login"] = "bea",
            ["Helpline:Dashboard:Accounts:1:Password"] = BeaPassword,
            ["Helpline:Dashboard:Accounts:1:Role"] = "worker",
            ["Helpline:Dashboard:Accounts:1:Worker"] = "Bea",
            ["Helpline:Dashboard:Accounts:2:Login"] = "chloe",
            ["Helpline:Dashboard:Accounts:2:Password"] = ChloePassword,
            ["Helpline:Dashboard:Accounts:2:Role"] = "worker",
            ["Helpline:Dashboard:Accounts:2:Worker"] = "Chloe",
            ["Helpline:Dashboard:Accounts:3:Login"] = "chef",
            ["Helpline:Dashboard:Accounts:3:Password"] = SupervisorPassword,
            ["Helpline:Dashboard:Accounts:3:Role"] = "supervisor",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Information);
                logging.AddProvider(Logs);
            });
            web.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            });
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        await _factory.Services.GetRequiredService<DatabaseInitializer>().Ready.WaitAsync(TimeSpan.FromMinutes(1));
        // The configured accounts are created in the background once the database is ready: wait for their rows.
        var logins = settings.Where(s => s.Key.StartsWith("Helpline:Dashboard:Accounts:", StringComparison.Ordinal) && s.Key.EndsWith(":Login", StringComparison.Ordinal) && s.Value is not null)
            .Select(s => s.Value!).ToArray();
        await Eventually.WaitForAsync(async () =>
        {
            await using var db = await OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<long>("select count(*) from accounts where login = any(@logins)", new { logins }) == logins.Length;
        });
    }

    /// <summary>A client of the real port that does not follow redirects and keeps no cookies unless given a container.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>The provider's part: signed webhooks to the real port.</summary>
    public TwilioClient Twilio() => new(CreateClient(), HelplineApp.AuthToken, HelplineApp.PublicBaseUrl);

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        var results = Path.Combine(HelplineApp.RepoRoot, ".local", "test-results");
        Directory.CreateDirectory(results);
        await File.AppendAllLinesAsync(Path.Combine(results, "dashboard-server.log"), Logs.Lines);
        Rest.Stop();
        Rest.Dispose();
    }
}
