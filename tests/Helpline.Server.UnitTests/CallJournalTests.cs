using Helpline.Data.Calls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Helpline.Server.Storage;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The journal keeps a call's order per call: while a call has entries waiting its later writes queue behind them, and
/// other calls keep writing to the database — also after a restart that resumes the journal from its file.
/// </summary>
public sealed class CallJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpline-journal-unit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Only_the_call_with_entries_waiting_is_held_back_until_they_are_written()
    {
        using var journal = Open();

        await journal.AppendAsync(Completed("CA0000000000000000000000000000000a"));
        await journal.AppendAsync(Completed("CA0000000000000000000000000000000a"));
        await journal.AppendAsync(Completed("CA0000000000000000000000000000000b"));

        Assert.True(journal.HasPendingFor("CA0000000000000000000000000000000a"));
        Assert.True(journal.HasPendingFor("CA0000000000000000000000000000000b"));
        Assert.False(journal.HasPendingFor("CA0000000000000000000000000000000c"));
        await journal.AcknowledgeOldestAsync();
        Assert.True(journal.HasPendingFor("CA0000000000000000000000000000000a")); // its second entry still waits
        await journal.AcknowledgeOldestAsync();
        Assert.False(journal.HasPendingFor("CA0000000000000000000000000000000a"));
        Assert.True(journal.HasPendingFor("CA0000000000000000000000000000000b"));
        await journal.AcknowledgeOldestAsync();
        Assert.False(journal.HasPending);
        Assert.False(journal.HasPendingFor("CA0000000000000000000000000000000b"));
    }

    [Fact]
    public async Task A_resumed_journal_still_knows_which_calls_wait()
    {
        using (var first = Open())
        {
            await first.AppendAsync(Completed("CA0000000000000000000000000000000a"));
            await first.AppendAsync(Completed("CA0000000000000000000000000000000b"));
            await first.AcknowledgeOldestAsync();
        }

        using var resumed = Open();

        Assert.Equal(1, resumed.Pending);
        Assert.False(resumed.HasPendingFor("CA0000000000000000000000000000000a"));
        Assert.True(resumed.HasPendingFor("CA0000000000000000000000000000000b"));
    }

    private CallJournal Open() => new(
        Microsoft.Extensions.Options.Options.Create(new JournalOptions { Folder = _folder }),
        new Environment(),
        NullLogger<CallJournal>.Instance);

    private static JournalEntry Completed(string sid) =>
        JournalEntry.Complete(new CallCompletion(sid, "completed", 10, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), null));

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "Helpline";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
