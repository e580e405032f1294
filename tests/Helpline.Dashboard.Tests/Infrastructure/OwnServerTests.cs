namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>
/// Browser tests that each start a server of their own (its own clock, settings or PostgreSQL): one at a time, so two
/// servers and two chromiums never share the machine's two cores with the shared browser tests' server at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnServerTests
{
    public const string Name = "own server";
}
