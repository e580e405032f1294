using System.Net;
using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;

namespace Helpline.Dashboard.Tests;

/// <summary>What the pages' forms do with bad or hostile input: a clear answer in French, never a 500, nothing changed.</summary>
public sealed class FormInputTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Theory]
    [InlineData(null, "x")]
    [InlineData("chef", null)]
    [InlineData("", "")]
    public async Task Sign_in_with_a_missing_field_is_a_400_with_the_usual_message(string? login, string? password)
    {
        using var client = server.CreateClient(new CookieContainer());
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await SignedInClient.TokenAsync(client, "/connexion") };
        if (login is not null)
        {
            fields["login"] = login;
        }

        if (password is not null)
        {
            fields["password"] = password;
        }

        using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Identifiant ou mot de passe incorrect.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_is_not_case_sensitive_and_the_name_shown_is_the_worker_s()
    {
        using var client = await SignedInClient.CreateAsync(server, "ALICE", DashboardServer.AlicePassword);

        var page = await client.GetStringAsync("/poste");

        Assert.Contains("<span>Alice</span>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on-call")]
    [InlineData("wrap-up")]
    [InlineData("")]
    [InlineData("<script>")]
    public async Task Worker_cannot_choose_a_router_state(string status)
    {
        using var client = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword);
        var token = await SignedInClient.TokenAsync(client, "/poste");

        using var response = await client.PostAsync("/poste/statut", Form(token, ("status", status)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inconnue", "CA0", "orientation-invalide")]
    [InlineData("sante", "", "orientation-invalide")]
    [InlineData("sante", "CA-not-hers", "orientation-refusee")]
    public async Task Orientation_for_an_unknown_category_or_a_call_that_is_not_hers_records_nothing(string category, string callSid, string notice)
    {
        await using var db = await server.OpenDatabaseAsync();
        await db.ExecuteAsync(
            "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, worker_id) " +
            "select 'CA-not-hers', 'ecoutantes', 'answered', now(), now(), id from workers where name = 'Alice' on conflict do nothing");
        using var client = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword);
        var token = await SignedInClient.TokenAsync(client, "/poste");

        using var response = await client.PostAsync("/poste/orientation", Form(token, ("callSid", callSid), ("category", category), ("note", "n")));

        Assert.Equal($"/poste?info={notice}", response.Headers.Location?.OriginalString);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from wrap_ups"));
    }

    [Fact]
    public async Task Note_longer_than_500_characters_is_refused()
    {
        using var client = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword);
        var token = await SignedInClient.TokenAsync(client, "/poste");

        using var response = await client.PostAsync("/poste/orientation", Form(token, ("callSid", "CA1"), ("category", "sante"), ("note", new string('x', 501))));

        Assert.Equal("/poste?info=orientation-invalide", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Notice_comes_from_a_fixed_list_never_from_the_address()
    {
        using var client = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword);

        var page = await client.GetStringAsync("/poste?info=%3Cb%3Einjected%3C%2Fb%3E");

        Assert.DoesNotContain("injected", page, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));
}
