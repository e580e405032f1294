using Dapper;
using Npgsql;

namespace Helpline.Data.Security;

/// <summary>
/// The ASP.NET Core data-protection key ring in PostgreSQL: every instance signs and reads session cookies with the
/// same keys, and a restart does not sign everyone out. The data-protection API is synchronous, hence the
/// synchronous calls.
/// </summary>
public sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every stored key element, oldest first.</summary>
    public IReadOnlyList<string> All()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("select xml from data_protection_keys order by id").ToList();
    }

    /// <summary>Stores a new key element.</summary>
    public void Add(string xml, string? friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute("insert into data_protection_keys (friendly_name, xml) values (@friendlyName, @xml)", new { friendlyName, xml });
    }
}
