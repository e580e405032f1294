using System.Diagnostics;
using System.Globalization;

namespace Helpline.Testing;

// Sweeping the folders of earlier runs that crashed before their exit handler ran (a killed test host, a debugger stopped).
public sealed partial class PostgresServer
{
    private const string FolderPrefix = "helpline-pg-";

    /// <summary>Folders of older layouts whose owner cannot be told are only swept when untouched this long.</summary>
    private static readonly TimeSpan UnknownOwnerGrace = TimeSpan.FromHours(1);

    /// <summary><c>helpline-pg-&lt;pid&gt;-&lt;start&gt;-</c>: the folder's name says which process owns it, atomically with its creation.</summary>
    private static string CurrentFolderPrefix() =>
        string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{Environment.ProcessId}-{StartSeconds(Environment.ProcessId)}-");

    /// <summary>
    /// Removes the folders of dead test processes, first stopping their server if it still runs. A folder whose owning
    /// process lives belongs to a test run going on now (another test project, another checkout) and is left alone.
    /// </summary>
    private static async Task RemoveStaleFoldersAsync(string bin)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*");
        }
        catch (IOException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            try
            {
                var ownerAlive = OwnerAlive(Path.GetFileName(folder));
                var postmaster = RunningPostmaster(folder);
                var stale = ownerAlive switch
                {
                    true => false,
                    false => true,
                    null => postmaster is null && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow - UnknownOwnerGrace,
                };
                if (!stale)
                {
                    continue;
                }

                if (postmaster is not null)
                {
                    await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], IsRoot(), folder, CancellationToken.None);
                }

                DeleteFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Someone else's, or already going: it does not stop this run.
            }
        }
    }

    /// <summary>Whether the process named in the folder's name still runs (same pid, same start time); null for other names.</summary>
    private static bool? OwnerAlive(string folderName)
    {
        var parts = folderName[FolderPrefix.Length..].Split('-');
        if (parts.Length < 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return null;
        }

        var current = StartSeconds(pid);
        return current is not null && Math.Abs(current.Value - started) <= 2; // a reused pid has another start time
    }

    /// <summary>The pid of the postmaster serving the folder's data directory, or null when none runs.</summary>
    private static int? RunningPostmaster(string folder)
    {
        var data = Path.Combine(folder, "data");
        var pidFile = Path.Combine(data, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        // The pid may have been reused since the crash: only a postgres started on this data directory counts.
        var commandLine = $"/proc/{pid}/cmdline";
        if (File.Exists(commandLine))
        {
            return File.ReadAllText(commandLine).Contains(data, StringComparison.Ordinal) ? pid : null;
        }

        return StartSeconds(pid) is null ? null : pid;
    }

    /// <summary>When the process started, in Unix seconds, or null when no such process runs.</summary>
    private static long? StartSeconds(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
