using System.Text;
using System.Text.Json;
using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Storage;

/// <summary>
/// A bounded on-disk journal of the call-store writes that failed while PostgreSQL was down, so the events of calls
/// answered meanwhile are written later instead of lost (<see cref="JournalReplayer"/>). One JSON line per entry in
/// <c>journal.jsonl</c>, flushed to disk at each append; <c>journal.offset</c> counts the entries already written to
/// the database, so a restart resumes where the replay stopped. Once everything is written, both files go.
/// </summary>
/// <remarks>
/// <para>Order: while a call has entries waiting, its new writes are journaled too (see <see cref="HasPendingFor"/>),
/// so a call's steps reach the database in the order they happened; other calls keep writing to the database (one slow
/// write must not take every call on the instance off the database until the next replay). Bounded: when <see cref="JournalOptions.MaxEntries"/> are
/// waiting, the oldest are kept and newer entries are counted in <see cref="Dropped"/> (and logged).</para>
/// <para>Thread-safe. One instance per folder: two processes must not share a folder.</para>
/// </remarks>
internal sealed partial class CallJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _file;
    private readonly string _offsetFile;
    private readonly int _capacity;
    private readonly ILogger<CallJournal> _logger;
    private int _lines;
    private int _written;
    private int _pending;
    private long _dropped;

    // The call of each waiting entry, oldest first (null for an unreadable line), and how many each call has waiting.
    private readonly Queue<string?> _order = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _perCall = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens (or creates) the journal in the configured folder, resuming a journal left by an earlier run. A folder that
    /// cannot be created, read or written throws <see cref="InvalidConfigurationException"/>: found at start, not on the
    /// day the database goes down and the journal is needed.
    /// </summary>
    public CallJournal(IOptions<JournalOptions> options, IHostEnvironment environment, ILogger<CallJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _logger = logger;
        Folder = Path.GetFullPath(options.Value.Folder, environment.ContentRootPath);
        _capacity = options.Value.MaxEntries;
        _file = Path.Combine(Folder, "journal.jsonl");
        _offsetFile = Path.Combine(Folder, "journal.offset");
        try
        {
            Directory.CreateDirectory(Folder);
            using (new FileStream(Path.Combine(Folder, ".write-check"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            Resume();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException(
                $"Helpline:Journal:Folder: {Folder} cannot be used ({ex.Message.ReplaceLineEndings(" ")}): expected a folder this instance can create, read and write, one per instance",
                ex);
        }
    }

    private void Resume()
    {
        if (File.Exists(_file))
        {
            EndWithNewLine(_file);
            _lines = File.ReadLines(_file).Count();
            _written = File.Exists(_offsetFile) && int.TryParse(File.ReadAllText(_offsetFile).Trim(), out var offset) ? Math.Clamp(offset, 0, _lines) : 0;
            _pending = _lines - _written;
            foreach (var waiting in File.ReadLines(_file).Skip(_written).Select(Parse))
            {
                Track(waiting?.CallSid);
            }

            if (_pending > 0)
            {
                LogResumed(_logger, _pending, Folder);
            }
        }
    }

    /// <summary>The journal's folder.</summary>
    public string Folder { get; }

    /// <summary>Entries waiting to be written to the database.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>True while entries are waiting (readiness, the replayer).</summary>
    public bool HasPending => Pending > 0;

    /// <summary>True while <paramref name="callSid"/> has entries waiting: its new writes go to the journal too, behind them.</summary>
    public bool HasPendingFor(string callSid) => _perCall.ContainsKey(callSid);

    /// <summary>Entries lost since start: refused because the journal was full, or unreadable, or refused by the database.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Most entries kept waiting.</summary>
    public int Capacity => _capacity;

    /// <summary>Appends an entry (flushed to disk before returning); false when the journal is full and it was dropped.</summary>
    public async Task<bool> AppendAsync(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        await _gate.WaitAsync();
        try
        {
            if (_lines - _written >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                LogFull(_logger, entry.Kind, _capacity);
                return false;
            }

            await using (var stream = new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                await stream.WriteAsync(line);
                stream.Flush(flushToDisk: true);
            }

            _lines++;
            Track(entry.CallSid);
            Volatile.Write(ref _pending, _lines - _written);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The waiting entries, oldest first, with their position; an unreadable line comes back as null.</summary>
    public async Task<IReadOnlyList<JournalEntry?>> WaitingAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_lines == _written)
            {
                return [];
            }

            return File.ReadLines(_file).Skip(_written).Take(_lines - _written).Select(Parse).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the oldest waiting entry as written (or given up); empties the journal when nothing waits any more.</summary>
    public async Task AcknowledgeOldestAsync(bool dropped = false)
    {
        await _gate.WaitAsync();
        try
        {
            if (_written == _lines)
            {
                return;
            }

            _written++;
            if (_order.TryDequeue(out var sid) && sid is not null)
            {
                if (_perCall.TryGetValue(sid, out var count) && count > 1)
                {
                    _perCall[sid] = count - 1;
                }
                else
                {
                    _perCall.TryRemove(sid, out _);
                }
            }

            if (dropped)
            {
                Interlocked.Increment(ref _dropped);
            }

            if (_written == _lines)
            {
                File.Delete(_file);
                File.Delete(_offsetFile);
                _lines = _written = 0;
                _order.Clear();
                _perCall.Clear();
            }
            else
            {
                await File.WriteAllTextAsync(_offsetFile, _written.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            Volatile.Write(ref _pending, _lines - _written);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    // Called under _gate (or in the constructor).
    private void Track(string? callSid)
    {
        _order.Enqueue(callSid);
        if (callSid is not null)
        {
            _perCall.AddOrUpdate(callSid, 1, (_, count) => count + 1);
        }
    }

    private static JournalEntry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalEntry>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A crash mid-append can leave a partial last line: close it, so the next entry starts on a line of its own.</summary>
    private static void EndWithNewLine(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        if (stream.Length == 0)
        {
            return;
        }

        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() != '\n')
        {
            stream.WriteByte((byte)'\n');
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal: {Pending} entries left by an earlier run in {Folder} will be written to the database")]
    private static partial void LogResumed(ILogger logger, int pending, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal full ({Capacity} entries waiting): a {Kind} entry was dropped")]
    private static partial void LogFull(ILogger logger, string kind, int capacity);
}
