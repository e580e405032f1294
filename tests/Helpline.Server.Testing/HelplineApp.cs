using System.Text.Json;
using Helpline.Server.Storage;
using Helpline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Helpline.Server.Testing;

/// <summary>
/// The real server (WebApplicationFactory) over a fresh database of the test run's real PostgreSQL, with a fake clock
/// and test secrets. Each test class gets its own database, so classes never see each other's calls.
/// </summary>
public sealed class HelplineApp : IAsyncLifetime
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string AdminToken = "test-admin-token-0123456789";
    public const string CallerHashKey = "test-caller-hash-key-0123456789abcdef0123";
    public const string PublicBaseUrl = "https://helpline.test";

    private WebApplicationFactory<Program>? _factory;
    private (string Admin, string Auth, string CallerHash)? _secrets;

    /// <summary>A Tuesday, 10:00 in Paris: the line is open.</summary>
    public static DateTimeOffset TuesdayMorning { get; } = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    public FakeTimeProvider Time { get; } = new(TuesdayMorning);

    /// <summary>Every log line the server wrote, at every level.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public string ConnectionString { get; private set; } = string.Empty;

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Services a test replaces or configures in the server (after the server's own).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>This app's own journal folder (kept across <see cref="StartAsync"/> restarts, as on a server's disk).</summary>
    public string JournalFolder { get; } = Directory.CreateTempSubdirectory("helpline-journal-").FullName;

    /// <summary>When false, the server starts without waiting for its database (to test a database that is down).</summary>
    public bool WaitForDatabase { get; init; } = true;

    /// <summary>The connection string to use instead of a fresh database (e.g. an unreachable one).</summary>
    public string? ConnectionStringOverride { get; init; }

    /// <summary>
    /// The host environment: Testing unless a test needs to see what another environment does (Development,
    /// Production). In Production the server gets random secrets, since it refuses the test values committed here.
    /// </summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>The admin token the server accepts: <see cref="AdminToken"/>, or a random one in Production.</summary>
    public string AdminTokenInUse => Secrets.Admin;

    private (string Admin, string Auth, string CallerHash) Secrets => _secrets ??= EnvironmentName == "Production"
        ? (Random(40), Random(32), Random(64))
        : (AdminToken, AuthToken, CallerHashKey);

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("not started");

    public IServiceProvider Services => Factory.Services;

    public async Task InitializeAsync()
    {
        if (ConnectionStringOverride is not null)
        {
            ConnectionString = ConnectionStringOverride;
        }
        else
        {
            var server = await PostgresServer.SharedAsync();
            ConnectionString = await server.CreateDatabaseAsync("server");
        }

        await StartAsync();
    }

    /// <summary>Starts (or restarts, keeping the database) the server.</summary>
    public async Task StartAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(EnvironmentName);
            web.UseSetting("ConnectionStrings:Helpline", ConnectionString);
            web.UseSetting("Helpline:FlowPath", Path.Combine(RepoRoot, "callflows", "un-premier-pas.yaml"));
            web.UseSetting("Helpline:PublicBaseUrl", PublicBaseUrl);
            web.UseSetting("Helpline:AdminToken", Secrets.Admin);
            web.UseSetting("Helpline:CallerHashKey", Secrets.CallerHash);
            web.UseSetting("Helpline:Twilio:AuthToken", Secrets.Auth);
            web.UseSetting("Helpline:Twilio:AccountSid", "AC00000000000000000000000000000000");
            // No test reaches the real provider: the discard port, unless a test points it at its WireMock stand-in.
            web.UseSetting("Helpline:Twilio:ApiBaseUrl", "http://127.0.0.1:9");
            web.UseSetting("Helpline:Journal:Folder", JournalFolder);
            // Most tests call from one default number many times within the fake hour: the hourly limit's challenge is
            // tested where a test sets it (CallerPoliciesTests).
            web.UseSetting("Helpline:Callers:MaxCallsPerHour", "1000");
            foreach (var (key, value) in Settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
                logging.AddProvider(Logs);
                logging.AddFilter<CapturingLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Trace);
            });
            web.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
                TestServices?.Invoke(services);
            });
        });
        var logged = Logs.Lines.Count;
        try
        {
            _ = _factory.Server;
        }
        catch (ObjectDisposedException) when (StartupProblems(logged).Count > 0)
        {
            // A start refused for its configuration disposes its host: the problems below say why.
        }

        if (StartupProblems(logged) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("the server refused to start:\n" + string.Join("\n", problems));
        }

        if (WaitForDatabase)
        {
            await _factory.Services.GetRequiredService<DatabaseInitializer>().Ready.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>
    /// Moves the fake clock forward (it never goes back) to the next 10:00 Paris time on a day the default calendar
    /// says is <paramref name="open"/> for business, at least one hour from now.
    /// </summary>
    public DateTimeOffset AdvanceToNextMorning(bool open)
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var calendar = Helpline.Core.Calendar.BusinessCalendar.FrenchOfficeHours;
        var local = TimeZoneInfo.ConvertTime(Time.GetUtcNow().AddHours(1), paris);
        var day = local.Date;
        while (true)
        {
            var candidate = new DateTimeOffset(day.AddHours(10), paris.GetUtcOffset(day.AddHours(10)));
            if (candidate > Time.GetUtcNow() && calendar.Evaluate(candidate).IsOpen == open)
            {
                Time.SetUtcNow(candidate);
                return candidate;
            }

            day = day.AddDays(1);
        }
    }

    /// <summary>The configuration problems the server logged (one line each) when it refused to start, after the first <paramref name="skip"/> log lines.</summary>
    private List<string> StartupProblems(int skip) => Logs.Lines.Skip(skip)
        .Where(l => l.StartsWith("Critical Helpline.Server.Hosting.Startup: Configuration problem: ", StringComparison.Ordinal))
        .ToList();

    public HttpClient CreateClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

    public TwilioClient Twilio() => new(CreateClient(), Secrets.Auth, PublicBaseUrl);

    private static string Random(int length) =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>What <c>/readyz</c> reports waiting in the journal (<c>journal.pending</c>).</summary>
    public async Task<int> JournalPendingAsync()
    {
        using var client = CreateClient();
        using var response = await client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("journal").GetProperty("pending").GetInt32();
    }

    /// <summary>
    /// Lets the service write its journal to the database: moves the fake clock one replay period at a time, each time
    /// waiting for the replay attempt's log line (written after the replayer's next wait has started, so the next move
    /// is never lost), until <c>/readyz</c> reports nothing pending. An attempt may meet a connection a database restart
    /// broke; the next one goes on.
    /// </summary>
    public async Task ReplayJournalAsync()
    {
        var replayer = " " + typeof(JournalReplayer).FullName + ": ";
        int Attempts() => Logs.Lines.Count(l => l.Contains(replayer, StringComparison.Ordinal));
        for (var tries = 0; await JournalPendingAsync() > 0 && tries < 100; tries++)
        {
            var before = Attempts();
            Time.Advance(TimeSpan.FromSeconds(5));
            await Eventually.WaitForAsync(async () => Attempts() > before || await JournalPendingAsync() == 0);
        }
    }

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

        try
        {
            Directory.Delete(JournalFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helpline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Helpline.sln not found");
    }
}
