using System.Globalization;

namespace Helpline.Load;

internal sealed record LoadOptions(string ConnectionString, string ServerDll, string FlowPath, int Seconds, int[] Connections, string? Output, BehindNginxOptions? BehindNginx)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new LoadOptions(
            Get("--db") ?? throw new ArgumentException("--db <connection string> is required"),
            Get("--server-dll") ?? throw new ArgumentException("--server-dll <path to Helpline.Server.dll> is required"),
            Get("--flow") ?? Path.GetFullPath("callflows/un-premier-pas.yaml"),
            int.Parse(Get("--seconds") ?? "10", CultureInfo.InvariantCulture),
            (Get("--connections") ?? "4,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
            Get("--output"),
            args.Contains("--behind-nginx") ? BehindNginxOptions.Parse(Get) : null);
    }
}

/// <summary>
/// What ops/load-test --behind-nginx prepared: nginx already listens on <see cref="PublicUrl"/> with
/// <see cref="CertificatePath"/>, its upstreams pointing at <see cref="InstancePorts"/> and <see cref="FloorPort"/>, which this
/// tool starts; <see cref="ProxyAddress"/> is the address nginx connects from; <see cref="WorkFolder"/> holds the journals.
/// </summary>
internal sealed record BehindNginxOptions(string PublicUrl, string CertificatePath, int[] InstancePorts, int FloorPort, string ProxyAddress, string WorkFolder)
{
    public static BehindNginxOptions Parse(Func<string, string?> get)
    {
        string Required(string name, string what) => get(name) ?? throw new ArgumentException($"--behind-nginx needs {name} <{what}> (ops/load-test --behind-nginx passes it)");
        return new BehindNginxOptions(
            Required("--public", "nginx's https base URL"),
            Required("--cert", "nginx's certificate, PEM"),
            Required("--instance-ports", "port,port").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Required("--floor-port", "port"), CultureInfo.InvariantCulture),
            Required("--proxy-address", "address nginx connects from"),
            Required("--work", "folder for the instances' journals"));
    }
}
