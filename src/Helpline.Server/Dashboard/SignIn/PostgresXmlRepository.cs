using System.Xml.Linq;
using Helpline.Data.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Keeps the data-protection keys in PostgreSQL (<see cref="DataProtectionKeyStore"/>) instead of the process's home
/// folder: sessions survive a restart or a redeployment and work on every instance behind the load balancer.
/// </summary>
internal sealed class PostgresXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() => store.All().Select(XElement.Parse).ToList();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.Add(element.ToString(SaveOptions.DisableFormatting), friendlyName);
    }
}
