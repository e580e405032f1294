using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Helpline.Load;

/// <summary>
/// The processes this tool starts (floors, server instances), killed when it ends however it ends: normally, on an
/// exception (<see cref="KillAll"/> in a finally), or on SIGINT/SIGTERM/SIGHUP. Their ids also go to a file when
/// ops/load-test asks for one (<c>--pids</c>), so the script can kill what is left if this process itself is killed.
/// </summary>
internal static class ChildProcesses
{
    private static readonly List<Process> Started = [];
    private static readonly Lock Gate = new();
    private static readonly PosixSignalRegistration[] Signals =
        [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, context =>
        {
            Console.Error.WriteLine($"ops/load: {context.Signal} received: stopping the processes it started");
            KillAll();
        }))];

    private static string? _pidFile;

    /// <summary>Writes the id of every process started from now on to <paramref name="path"/>, one a line.</summary>
    public static void RecordIdsIn(string? path)
    {
        _ = Signals.Length; // registered with the first use of this class
        _pidFile = path;
    }

    /// <summary>Starts a process and remembers it.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        _ = Signals.Length;
        lock (Gate)
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + start.FileName);
            Started.Add(process);
            if (_pidFile is not null)
            {
                File.AppendAllText(_pidFile, process.Id.ToString(CultureInfo.InvariantCulture) + Environment.NewLine);
            }

            return process;
        }
    }

    /// <summary>Kills every process started here (and its children) that still runs.</summary>
    public static void KillAll()
    {
        lock (Gate)
        {
            foreach (var process in Started)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(5000);
                    }
                }
                catch (InvalidOperationException)
                {
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }

            Started.Clear();
        }
    }
}
