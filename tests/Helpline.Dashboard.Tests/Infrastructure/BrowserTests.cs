namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>The browser tests share one server and one browser, and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
