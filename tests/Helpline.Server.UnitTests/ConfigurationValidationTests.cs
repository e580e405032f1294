using System.Text.Json;
using Helpline.Server.Testing;
using Helpline.Server.UnitTests.Infrastructure;

namespace Helpline.Server.UnitTests;

/// <summary>
/// Every setting's rule, checked the way the service checks it at start (the same registrations and
/// <c>CheckHelplineConfiguration</c>, in this process, nothing started): a bad value is one line that starts with the
/// full configuration key — nested objects and list items included — and says what is expected, without the value.
/// What the real process prints is tested by <c>StartupTests</c> (Helpline.Server.Tests).
/// </summary>
/// <remarks>
/// Inputs tried: the rows of <see cref="BadValues"/> (URLs blank, relative, without scheme, ftp, with a query, a
/// fragment, a password or spaces; numbers out of range at both ends and written as words; booleans as "oui"; missing
/// and short secrets; malformed connection strings; unknown time zones, policies and roles; E.164 numbers written the
/// French way; a worker without phone; a dashboard account without password; an http directory; a bad listen
/// address); a sparse list (only Workers:3); a flow path, an orientation file and a journal folder that cannot be used;
/// every value of appsettings.sample.json; an empty public base URL.
/// </remarks>
public sealed class ConfigurationValidationTests
{
    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "Helpline:PublicBaseUrl", "   ", "Helpline:PublicBaseUrl is only spaces: expected the public URL the provider calls" },
        { "Helpline:PublicBaseUrl", "not a url", "Helpline:PublicBaseUrl is not an absolute URL" },
        { "Helpline:PublicBaseUrl", "ecoute.departement.fr", "Helpline:PublicBaseUrl is not an absolute URL" },
        { "Helpline:PublicBaseUrl", "/voice", "Helpline:PublicBaseUrl is not an absolute URL" },
        { "Helpline:PublicBaseUrl", "ftp://x", "Helpline:PublicBaseUrl must start with https:// or http://" },
        { "Helpline:PublicBaseUrl", "https://ecoute.departement.fr/?source=twilio", "Helpline:PublicBaseUrl must not have a query (?…) or a fragment (#…)" },
        { "Helpline:PublicBaseUrl", "https://ecoute.departement.fr/#voice", "Helpline:PublicBaseUrl must not have a query (?…) or a fragment (#…)" },
        { "Helpline:PublicBaseUrl", "https://user:pass@ecoute.departement.fr", "Helpline:PublicBaseUrl must not carry a user name or password" },
        { "Helpline:PublicBaseUrl", " https://ecoute.departement.fr", "Helpline:PublicBaseUrl has spaces around it" },
        { "Helpline:PublicBaseUrl", "https://ecoute.test/" + new string('a', 500), "Helpline:PublicBaseUrl must have at most 500 characters" },
        { "Helpline:Twilio:ApiBaseUrl", "nope", "Helpline:Twilio:ApiBaseUrl is not an absolute URL: expected the provider's REST API base URL" },
        { "Helpline:Twilio:ApiBaseUrl", "", "Helpline:Twilio:ApiBaseUrl is required" },
        { "Helpline:Twilio:AuthToken", "", "Helpline:Twilio:AuthToken is required (set Helpline__Twilio__AuthToken in the environment)" },
        { "Helpline:Twilio:AuthToken", "   ", "Helpline:Twilio:AuthToken is required" },
        { "Helpline:AdminToken", "", "Helpline:AdminToken is required (set Helpline__AdminToken in the environment)" },
        { "Helpline:AdminToken", "too-short", "Helpline:AdminToken must have at least 16 characters" },
        { "Helpline:CallerHashKey", "0123456789", "Helpline:CallerHashKey must have at least 32 characters" },
        { "Helpline:FlowPath", "", "Helpline:FlowPath is required: the call flow file to serve" },
        { "Helpline:FlowPath", "/nonexistent/flow.yaml", "Helpline:FlowPath: the call flow /nonexistent/flow.yaml cannot be served" },
        { "Helpline:StorageBudgetMilliseconds", "5", "Helpline:StorageBudgetMilliseconds must be between 100 and 10000 milliseconds" },
        { "Helpline:StorageBudgetMilliseconds", "10001", "Helpline:StorageBudgetMilliseconds must be between 100 and 10000 milliseconds" },
        { "Helpline:StorageBudgetMilliseconds", "huit cents", "Helpline:StorageBudgetMilliseconds must be a whole number" },
        { "Helpline:StoreCallerNumbers", "oui", "Helpline:StoreCallerNumbers must be true or false" },
        { "ConnectionStrings:Helpline", "", "ConnectionStrings:Helpline is required" },
        { "ConnectionStrings:Helpline", "Host=127.0.0.1;Pasword=x", "ConnectionStrings:Helpline is not a valid PostgreSQL connection string" },
        { "ConnectionStrings:Helpline", "Host=127.0.0.1;Password='x", "ConnectionStrings:Helpline is not a valid PostgreSQL connection string" },
        { "Helpline:Routing:RingSeconds", "1", "Helpline:Routing:RingSeconds must be between 5 and 120 seconds" },
        { "Helpline:Routing:RingSeconds", "121", "Helpline:Routing:RingSeconds must be between 5 and 120 seconds" },
        { "Helpline:Routing:WrapUpSeconds", "-1", "Helpline:Routing:WrapUpSeconds must be between 0 and 3600 seconds" },
        { "Helpline:Routing:AutoPauseAfter", "0", "Helpline:Routing:AutoPauseAfter must be between 1 and 20 missed calls" },
        { "Helpline:Routing:SweepSeconds", "0", "Helpline:Routing:SweepSeconds must be between 1 and 60 seconds" },
        { "Helpline:Routing:OfferTimeoutSeconds", "10", "Helpline:Routing:OfferTimeoutSeconds must be between 30 and 600 seconds" },
        { "Helpline:Routing:NobodyCanComeSeconds", "9999", "Helpline:Routing:NobodyCanComeSeconds must be between 0 and 600 seconds" },
        { "Helpline:Routing:Policy", "random", "Helpline:Routing:Policy must be longest-idle or fewest-calls" },
        { "Helpline:Routing:CallerId", "03 00 00 00 00", "Helpline:Routing:CallerId must be the helpline's number in E.164" },
        { "Helpline:Routing:Workers:0:Phone", "06 12 34 56 78", "Helpline:Routing:Workers:0:Phone must be a phone number in E.164" },
        { "Helpline:Routing:Workers:0:Name", "Écoutante sans téléphone", "Helpline:Routing:Workers:0:Phone is required" },
        { "Helpline:Routing:Workers:0:Phone", "+33612345678", "Helpline:Routing:Workers:0:Name is required" },
        { "Helpline:Statistics:ShortAbandonSeconds", "-1", "Helpline:Statistics:ShortAbandonSeconds must be between 0 (count none) and 300 seconds" },
        { "Helpline:StaleCalls:SweepMinutes", "0", "Helpline:StaleCalls:SweepMinutes must be between 1 and 1440 minutes" },
        { "Helpline:StaleCalls:MaxCallHours", "49", "Helpline:StaleCalls:MaxCallHours must be between 1 and 48 hours" },
        { "Helpline:StaleCalls:Enabled", "peut-être", "Helpline:StaleCalls:Enabled must be true or false" },
        { "Helpline:Journal:Folder", "", "Helpline:Journal:Folder is required" },
        { "Helpline:Journal:MaxEntries", "0", "Helpline:Journal:MaxEntries must be between 1 and 1000000" },
        { "Helpline:Journal:ReplayEverySeconds", "301", "Helpline:Journal:ReplayEverySeconds must be between 1 and 300 seconds" },
        { "Helpline:Limits:MaxBodyBytes", "10", "Helpline:Limits:MaxBodyBytes must be between 1024 and 16777216 bytes" },
        { "Helpline:Limits:KeepAliveTimeoutSeconds", "0", "Helpline:Limits:KeepAliveTimeoutSeconds must be between 1 and 3600 seconds" },
        { "Helpline:Retention:Days", "-1", "Helpline:Retention:Days must be between 0 (keep calls for ever) and 36500 days" },
        { "Helpline:Retention:TimeZone", "Mars/Olympus", "Helpline:Retention:TimeZone must be an IANA time zone" },
        { "Helpline:Retention:TimeZone", "", "Helpline:Retention:TimeZone is required" },
        { "Helpline:Dashboard:SessionMinutes", "1", "Helpline:Dashboard:SessionMinutes must be between 5 and 1440 minutes" },
        { "Helpline:Dashboard:SignInPerMinute", "0", "Helpline:Dashboard:SignInPerMinute must be between 1 and 1000 attempts" },
        { "Helpline:Dashboard:Accounts:0:Login", "chef", "Helpline:Dashboard:Accounts:0:Password is required" },
        { "Helpline:Dashboard:Accounts:0:Role", "boss", "Helpline:Dashboard:Accounts:0:Role must be worker or supervisor" },
        { "Helpline:Dashboard:Oidc:Authority", "http://annuaire.example.test", "Helpline:Dashboard:Oidc:Authority must start with https://" },
        { "Helpline:Dashboard:Oidc:Authority", "https://annuaire.example.test", "Helpline:Dashboard:Oidc:ClientId is required when Helpline:Dashboard:Oidc:Authority is set" },
        { "urls", "http://127.0.0.1:abc", "ASPNETCORE_URLS: 'http://127.0.0.1:abc' has no valid host and port" },
        { "Helpline:Alerts:EvaluateSeconds", "0", "Helpline:Alerts:EvaluateSeconds must be between 1 and 60 seconds" },
        { "Helpline:Alerts:NobodyLoggedInMinutes", "0", "Helpline:Alerts:NobodyLoggedInMinutes must be between 1 and 240 minutes" },
        { "Helpline:Alerts:OldestWaitSeconds", "5", "Helpline:Alerts:OldestWaitSeconds must be between 10 and 7200 seconds" },
        { "Helpline:Alerts:AbandonRate", "30", "Helpline:Alerts:AbandonRate must be a share between 0.01 and 0.99 (0.3 for 30 %)" },
        { "Helpline:Alerts:AbandonMinimumCallers", "0", "Helpline:Alerts:AbandonMinimumCallers must be between 1 and 1000 callers" },
        { "Helpline:Alerts:Smtp:Port", "0", "Helpline:Alerts:Smtp:Port must be a port between 1 and 65535" },
        { "Helpline:Alerts:Smtp:Security", "ssl", "Helpline:Alerts:Smtp:Security must be starttls, tls or none" },
        { "Helpline:Alerts:Smtp:Host", "smtp.departement.fr", "Helpline:Alerts:Smtp:From must be the sender's e-mail address" },
        { "Helpline:Alerts:Smtp:Host", "smtp.departement.fr", "Helpline:Alerts:Smtp:To must list the supervisors' e-mail addresses" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_is_one_line_naming_the_key_and_what_is_expected(string key, string value, string expected)
    {
        var problems = ConfigurationCheck.Problems((key, value));

        Assert.True(problems.Count(p => p.StartsWith(expected, StringComparison.Ordinal)) == 1, $"{key}={value}: expected a line starting with \"{expected}\", got:\n{string.Join("\n", problems)}");
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void An_empty_public_base_url_means_taken_from_each_request_and_is_accepted()
    {
        Assert.Empty(ConfigurationCheck.Problems(("Helpline:PublicBaseUrl", string.Empty)));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = ConfigurationCheck.Problems(
            ("Helpline:Routing:RingSeconds", "1"), ("Helpline:AdminToken", null), ("ConnectionStrings:Helpline", null), ("Helpline:Limits:MaxBodyBytes", "10"),
            ("Helpline:Dashboard:SessionMinutes", "1"), ("Helpline:Twilio:ApiBaseUrl", "nope"), ("urls", "not-a-url"));

        Assert.Equal(7, problems.Count);
    }

    [Fact]
    public void A_value_set_is_never_repeated_in_a_problem()
    {
        var problems = string.Join("\n", ConfigurationCheck.Problems(
            ("Helpline:Routing:Workers:0:Name", "Écoutante 1"), ("Helpline:Routing:Workers:0:Phone", "0612345678"),
            ("Helpline:CallerHashKey", "short-secret-value"), ("Helpline:Statistics:ShortAbandonSeconds", "dix-secondes"),
            ("ConnectionStrings:Helpline", "Host=127.0.0.1;Pasword=hunter2-password")));

        Assert.Contains("Helpline:Routing:Workers:0:Phone", problems, StringComparison.Ordinal);
        foreach (var value in new[] { "0612345678", "short-secret-value", "dix-secondes", "hunter2-password" })
        {
            Assert.DoesNotContain(value, problems, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_list_item_is_named_by_its_own_configuration_key()
    {
        var problems = ConfigurationCheck.Problems(("Helpline:Routing:Workers:3:Name", "Écoutante 4"), ("Helpline:Routing:Workers:3:Phone", "0612345678"));

        Assert.Equal(["Helpline:Routing:Workers:3:Phone must be a phone number in E.164, e.g. +33612345678"], problems);
    }

    [Fact]
    public void Files_named_by_the_settings_that_cannot_be_used_are_each_one_line()
    {
        var scratch = Directory.CreateTempSubdirectory("helpline-config-files-").FullName;
        try
        {
            var notAFolder = Path.Combine(scratch, "a-file");
            File.WriteAllText(notAFolder, "not a folder");
            var orientations = Path.Combine(scratch, "orientations.yaml");
            File.WriteAllText(orientations, "orientations: []\n");
            var flow = Path.Combine(scratch, "flow.yaml");
            File.WriteAllText(flow, "flow: [\n");

            var problems = ConfigurationCheck.Problems(
                ("Helpline:FlowPath", flow), ("Helpline:Journal:Folder", Path.Combine(notAFolder, "journal")), ("Helpline:Dashboard:OrientationsPath", orientations));

            Assert.Contains(problems, p => p.StartsWith($"Helpline:FlowPath: the call flow {flow} cannot be served", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith($"{flow}:", StringComparison.Ordinal) && p.Contains(": error ", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith($"Helpline:Journal:Folder: {Path.Combine(notAFolder, "journal")} cannot be used", StringComparison.Ordinal));
            Assert.Contains($"Helpline:Dashboard:OrientationsPath: {orientations}: at least one orientation is required", problems);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Every_value_of_the_sample_settings_passes_the_start_checks()
    {
        var settings = new Dictionary<string, string?>();
        Flatten(JsonDocument.Parse(File.ReadAllText(Path.Combine(HelplineApp.RepoRoot, "appsettings.sample.json"))).RootElement, null, settings);
        // Paths relative to the repository, which is not this process's working directory.
        settings["Helpline:FlowPath"] = Path.Combine(HelplineApp.RepoRoot, settings["Helpline:FlowPath"]!);
        settings["Helpline:Dashboard:OrientationsPath"] = Path.Combine(HelplineApp.RepoRoot, settings["Helpline:Dashboard:OrientationsPath"]!);
        settings.Remove("Helpline:Journal:Folder");

        var problems = ConfigurationCheck.Problems(settings);

        Assert.Empty(problems);
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => !p.Name.StartsWith("//", StringComparison.Ordinal)))
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ":" + property.Name, settings);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", settings);
                }

                break;
            default:
                settings[prefix!] = element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean().ToString() : element.ToString();
                break;
        }
    }
}
