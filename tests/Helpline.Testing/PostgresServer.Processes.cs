using System.Diagnostics;
using System.Globalization;

namespace Helpline.Testing;

// Finding the server binaries, and running them (as the postgres user when we are root).
public sealed partial class PostgresServer
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private static string FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("HELPLINE_PG_BIN");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return IsServerBin(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"HELPLINE_PG_BIN is {fromEnvironment}, which holds no initdb and pg_ctl. Point it at PostgreSQL's server bin folder, or unset it.");
        }

        var fromPgConfig = PgConfigBinDirectory();
        if (fromPgConfig is not null && IsServerBin(fromPgConfig))
        {
            return fromPgConfig;
        }

        // Debian installs server binaries beside, not on, the PATH: /usr/lib/postgresql/<major>/bin.
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(d => d.Major >= 0 && IsServerBin(d.Bin))
                .OrderByDescending(d => d.Major)
                .Select(d => d.Bin)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsServerBin);
        return onPath ?? throw new InvalidOperationException(
            "The PostgreSQL server binaries (initdb, pg_ctl) were not found (looked at HELPLINE_PG_BIN, pg_config --bindir, /usr/lib/postgresql/*/bin and the PATH). " +
            "Run ops/test, which installs Debian's postgresql package, or set HELPLINE_PG_BIN to the folder holding initdb.");
    }

    private static bool IsServerBin(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    /// <summary><c>pg_config --bindir</c>, or null when pg_config is absent (it often comes without the server, from libpq-dev).</summary>
    private static string? PgConfigBinDirectory()
    {
        try
        {
            var start = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    /// <summary>True when this process runs as root (user name or effective uid 0), which PostgreSQL refuses to run as.</summary>
    private static bool IsRoot()
    {
        if (Environment.UserName == "root")
        {
            return true;
        }

        // /proc/self/status: "Uid: <real> <effective> <saved> <filesystem>".
        const string status = "/proc/self/status";
        var uid = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) : null;
        var fields = uid?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && fields[2] == "0";
    }

    /// <summary>Runs a tool to completion; throws with its output when it fails or hangs.</summary>
    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgresUser, string workingDirectory, CancellationToken ct)
    {
        var start = asPostgresUser ? AsPostgresUser(file, arguments) : new ProcessStartInfo(file);
        if (!asPostgresUser)
        {
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = workingDirectory; // the postgres user may not be allowed into ours
        var shown = $"{Path.GetFileName(file)} {string.Join(' ', arguments)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {shown}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"{shown} did not finish within {ToolTimeout.TotalMinutes} minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{shown} failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}".TrimEnd());
        }
    }

    /// <summary><c>runuser -u postgres -- tool args</c>, or <c>su postgres -s /bin/sh -c '…'</c> where runuser is missing.</summary>
    private static ProcessStartInfo AsPostgresUser(string file, IReadOnlyList<string> arguments)
    {
        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);
        ProcessStartInfo start;
        if (runuser is not null)
        {
            start = new ProcessStartInfo(runuser);
            foreach (var argument in new[] { "-u", "postgres", "--", file }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start = new ProcessStartInfo("su");
            foreach (var argument in new[] { "postgres", "-s", "/bin/sh", "-c", string.Join(' ', new[] { file }.Concat(arguments).Select(ShellQuote)) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        return start;
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
