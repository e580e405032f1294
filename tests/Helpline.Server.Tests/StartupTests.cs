using Helpline.Server.Hosting;
using Helpline.Server.Testing;
using Helpline.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// What an operator sees when the configuration is wrong, checked on the real process (the built server, spawned as
/// `dotnet Helpline.Server.dll`): the start stops with exit code 78, one line per problem on standard error naming the
/// key (or file) and what is expected, the same lines logged (one Critical entry each, without exception), and nothing
/// that looks like a stack trace; no value is printed. Every rule of
/// every key is tried in-process by <see cref="ConfigurationValidationTests"/>; here, to keep the number of processes
/// low on a slow machine, each process carries several mistakes at once (they are all reported together).
/// </summary>
/// <remarks>
/// Inputs tried, by process:
/// <list type="bullet">
/// <item>settings: Helpline:PublicBaseUrl "not a url"; Helpline:Routing:RingSeconds 1; Helpline:Twilio:ApiBaseUrl "nope";
/// a worker whose phone is "0612345678"; Helpline:AdminToken missing; Helpline:CallerHashKey of 10 characters;
/// ConnectionStrings:Helpline missing; Helpline:Statistics:ShortAbandonSeconds -1; Helpline:Routing:NobodyCanComeSeconds
/// 9999; Helpline:StorageBudgetMilliseconds 5.</item>
/// <item>more settings: Helpline:PublicBaseUrl "ftp://x"; Helpline:Routing:WrapUpSeconds "soixante" (text for a number);
/// ASPNETCORE_URLS "http://127.0.0.1:abc" (Kestrel would listen on every interface, port 80); a dashboard account
/// without password; Helpline:Dashboard:Oidc:Authority over http.</item>
/// <item>files: Helpline:FlowPath to a missing file; Helpline:Journal:Folder under a regular file;
/// Helpline:Dashboard:OrientationsPath to a file that is not a list of orientations.</item>
/// <item>an invalid flow file (two errors, both listed with file:line:col).</item>
/// <item>Production with the placeholders of appsettings.sample.json.</item>
/// <item>an appsettings.json that is not valid JSON (through ASPNETCORE_CONTENTROOT).</item>
/// <item>and one that starts: Helpline:PublicBaseUrl "" (documented as "taken from each request").</item>
/// </list>
/// </remarks>
public sealed class StartupTests
{
    private const string InvalidFlow = "flow: casse\nstart: nulle-part\ndestinations:\n  vfi: \"3919\"\nemergency:\n  prompt: Composez le 17.\n  transfer-to: vfi\nstates:\n  fin:\n    type: hangup\n    prompt: Au revoir.\n    typo: 1\n";

    public static TheoryData<string> BadStarts() => new(BadStartCases().Keys);

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_configuration_stops_the_start_with_one_line_per_problem_and_no_stack_trace(string name)
    {
        var scratch = Directory.CreateTempSubdirectory("helpline-startup-").FullName;
        try
        {
            var (settings, expected, secrets, logged) = BadStartCases()[name](scratch);

            var run = await ServerProcess.RunUntilExitAsync(settings);

            Assert.True(run.ExitCode == StartupFailure.ExitCode, $"{name}: exit code {run.ExitCode}\n{run.Output}");
            Assert.True(run.StackTraceLines.Count == 0, $"{name}: stack trace printed\n{run.Output}");
            foreach (var line in expected)
            {
                Assert.True(run.StandardError.Any(l => l.TrimStart().StartsWith(line, StringComparison.Ordinal)), $"{name}: no line starting with \"{line}\" on stderr\n{run.Output}");
            }

            foreach (var line in logged ? expected : [])
            {
                Assert.True(run.StandardOutput.Any(l => l.Contains("Configuration problem: " + line, StringComparison.Ordinal)), $"{name}: \"{line}\" was not logged\n{run.Output}");
            }

            foreach (var secret in secrets)
            {
                Assert.False(run.Output.Contains(secret, StringComparison.Ordinal), $"{name}: the value \"{secret}\" was printed\n{run.Output}");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task An_empty_public_base_url_starts_and_says_the_url_is_taken_from_each_request()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("startup");

        await using var server = await ServerProcess.StartAsync(database, new Dictionary<string, string> { ["Helpline__PublicBaseUrl"] = string.Empty });

        Assert.Contains("Helpline:PublicBaseUrl is empty: the public URL is taken from each request", server.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each case, given a scratch folder: its environment variables (null removes one), the lines expected on stderr,
    /// values that must not be printed, and whether the lines are logged too (not when the settings cannot even be read:
    /// there is no logger yet).
    /// </summary>
    private static Dictionary<string, Func<string, (Dictionary<string, string?> Settings, string[] Expected, string[] Secrets, bool Logged)>> BadStartCases() => new()
    {
        ["settings"] = _ => (
            new()
            {
                ["Helpline__PublicBaseUrl"] = "not a url",
                ["Helpline__Routing__RingSeconds"] = "1",
                ["Helpline__Twilio__ApiBaseUrl"] = "nope",
                ["Helpline__Routing__Workers__0__Name"] = "Écoutante 1",
                ["Helpline__Routing__Workers__0__Phone"] = "0612345678",
                ["Helpline__AdminToken"] = null,
                ["Helpline__CallerHashKey"] = "short-key1",
                ["ConnectionStrings__Helpline"] = null,
                ["Helpline__Statistics__ShortAbandonSeconds"] = "-1",
                ["Helpline__Routing__NobodyCanComeSeconds"] = "9999",
                ["Helpline__StorageBudgetMilliseconds"] = "5",
            },
            [
                "Helpline:PublicBaseUrl is not an absolute URL: expected the public URL the provider calls",
                "Helpline:Routing:RingSeconds must be between 5 and 120 seconds",
                "Helpline:Twilio:ApiBaseUrl is not an absolute URL",
                "Helpline:Routing:Workers:0:Phone must be a phone number in E.164",
                "Helpline:AdminToken is required (set Helpline__AdminToken in the environment)",
                "Helpline:CallerHashKey must have at least 32 characters",
                "ConnectionStrings:Helpline is required",
                "Helpline:Statistics:ShortAbandonSeconds must be between 0 (count none) and 300 seconds",
                "Helpline:Routing:NobodyCanComeSeconds must be between 0 and 600 seconds",
                "Helpline:StorageBudgetMilliseconds must be between 100 and 10000 milliseconds",
            ],
            ["0612345678", "short-key1"],
            true),
        ["more settings"] = _ => (
            new()
            {
                ["Helpline__PublicBaseUrl"] = "ftp://x",
                ["Helpline__Routing__WrapUpSeconds"] = "soixante",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:abc",
                ["Helpline__Dashboard__Accounts__0__Login"] = "chef",
                ["Helpline__Dashboard__Accounts__0__Role"] = "supervisor",
                ["Helpline__Dashboard__Oidc__Authority"] = "http://annuaire.example.test",
                ["Helpline__Dashboard__Oidc__ClientId"] = "helpline",
            },
            [
                "Helpline:PublicBaseUrl must start with https:// or http://",
                "Helpline:Routing:WrapUpSeconds must be a whole number",
                "ASPNETCORE_URLS: 'http://127.0.0.1:abc' has no valid host and port",
                "Helpline:Dashboard:Accounts:0:Password is required",
                "Helpline:Dashboard:Oidc:Authority must start with https://",
            ],
            ["soixante"],
            true),
        ["files"] = scratch =>
        {
            var notAFolder = Path.Combine(scratch, "a-file");
            File.WriteAllText(notAFolder, "not a folder");
            var orientations = Path.Combine(scratch, "orientations.yaml");
            File.WriteAllText(orientations, "autre: chose\n");
            return (
                new()
                {
                    ["Helpline__FlowPath"] = Path.Combine(scratch, "missing.yaml"),
                    ["Helpline__Journal__Folder"] = Path.Combine(notAFolder, "journal"),
                    ["Helpline__Dashboard__OrientationsPath"] = orientations,
                },
                [
                    $"Helpline:FlowPath: the call flow {Path.Combine(scratch, "missing.yaml")} cannot be served",
                    $"{Path.Combine(scratch, "missing.yaml")}:1:1: error HL100: the file does not exist",
                    $"Helpline:Journal:Folder: {Path.Combine(notAFolder, "journal")} cannot be used",
                    $"Helpline:Dashboard:OrientationsPath: {orientations}: expected a list under 'orientations:'",
                ],
                [],
                true);
        },
        ["invalid flow"] = scratch =>
        {
            var flow = Path.Combine(scratch, "flow.yaml");
            File.WriteAllText(flow, InvalidFlow);
            return (
                new() { ["Helpline__FlowPath"] = flow },
                [$"Helpline:FlowPath: the call flow {flow} cannot be served", $"{flow}:2:8: error HL200", $"{flow}:12:5: error HL101"],
                [],
                true);
        },
        ["production placeholders"] = _ => (
            new()
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Helpline__AdminToken"] = "<secret: at least 16 random characters>",
                ["Helpline__Twilio__AuthToken"] = "<secret: the provider auth token>",
            },
            [
                "Helpline:AdminToken is a placeholder, sample, test or development value",
                "Helpline:Twilio:AuthToken is a placeholder, sample, test or development value",
                "Helpline:CallerHashKey is a placeholder, sample, test or development value",
            ],
            ["<secret: at least 16 random characters>", "<secret: the provider auth token>", HelplineApp.CallerHashKey],
            true),
        ["settings file"] = scratch =>
        {
            File.WriteAllText(Path.Combine(scratch, "appsettings.json"), "{\n  \"Helpline\": {\n    \"AdminToken\": \"a-secret-in-a-file\"\n    \"FlowPath\": \"x\"\n  }\n}\n");
            return (
                new() { ["ASPNETCORE_CONTENTROOT"] = scratch },
                [$"Failed to load configuration from file '{Path.Combine(scratch, "appsettings.json")}'."],
                ["a-secret-in-a-file"],
                false);
        },
    };
}
