// ops/try-deployment's driver. Usage (the script passes everything; secrets come through the environment):
//   Helpline.DeploymentDriver --public https://localhost:8443 --cert cert.pem --instances 5081,5082 --trusted-only 5083
//       --proxy-address 127.0.0.2 --standin 5099 --control "ops/try-deployment --control DIR" --results results.tsv
//   env: HELPLINE_TRY_AUTH_TOKEN, HELPLINE_TRY_ADMIN_TOKEN, HELPLINE_TRY_DATABASE (the service's connection string)
//   Helpline.DeploymentDriver --is-ready-to-run FILE.dll     exit 0 when the assembly carries ReadyToRun code
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography.X509Certificates;
using Helpline.DeploymentDriver;

if (args is ["--is-ready-to-run", var assembly])
{
    using var stream = File.OpenRead(assembly);
    using var reader = new PEReader(stream);
    var native = reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size ?? 0;
    Console.WriteLine(native > 0 ? $"ReadyToRun code in {Path.GetFileName(assembly)}" : $"{Path.GetFileName(assembly)} is IL only");
    return native > 0 ? 0 : 1;
}

string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
    ?? throw new ArgumentException($"missing {name} (see the comment at the top of Program.cs)");
string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new ArgumentException($"missing environment variable {name}");

var instances = Arg("--instances").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
var results = new Verdicts(Arg("--results"));
using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Arg("--cert")));
using var provider = new Provider(Env("HELPLINE_TRY_AUTH_TOKEN"), Arg("--public"), certificate);
var deployment = new Deployment(Arg("--control"), Env("HELPLINE_TRY_ADMIN_TOKEN"), Env("HELPLINE_TRY_DATABASE"));
await using var standIn = new StandIn(int.Parse(Arg("--standin"), CultureInfo.InvariantCulture));
await standIn.StartAsync();
var options = new DriverOptions(instances, int.Parse(Arg("--trusted-only"), CultureInfo.InvariantCulture), Arg("--proxy-address"), args.Contains("--reduced"));
await new Driver(provider, deployment, standIn, results, options).RunAsync();
return results.Failed == 0 ? 0 : 1;
