using System.Globalization;

namespace Helpline.Load;

internal sealed record LoadOptions(string ConnectionString, string ServerDll, string FlowPath, int Seconds, int[] Connections, string? Output)
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
            Get("--output"));
    }
}
