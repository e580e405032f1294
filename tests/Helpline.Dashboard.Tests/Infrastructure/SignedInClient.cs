using System.Net;
using System.Text.RegularExpressions;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>Plain HTTP through the sign-in form, the way a browser would: the form's antiforgery token, then the session cookie.</summary>
public static partial class SignedInClient
{
    /// <summary>An HTTP client signed in as <paramref name="login"/>; fails the test if the sign-in is refused.</summary>
    public static async Task<HttpClient> CreateAsync(DashboardServer server, string login, string password)
    {
        var (client, response) = await SignInAsync(server, login, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts the sign-in form; returns the client (with its cookies) and the answer.</summary>
    public static async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(DashboardServer server, string login, string password, CookieContainer? cookies = null)
    {
        var client = server.CreateClient(cookies ?? new CookieContainer());
        var token = await TokenAsync(client, "/connexion");
        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["login"] = login,
            ["password"] = password,
        }));
        return (client, response);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
