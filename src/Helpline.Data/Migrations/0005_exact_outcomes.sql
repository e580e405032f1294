-- Exact outcomes under races (issue "Exact under races and late webhooks").

-- A queued caller's entry gains 'picked-up': the worker's phone answered (the whisper was requested) but whether the two
-- legs were bridged is only known from the worker's <Dial> outcome, which alone makes the entry 'answered'.
alter table queue_entries drop constraint queue_entries_status_check;
alter table queue_entries add constraint queue_entries_status_check
    check (status in ('waiting', 'offered', 'picked-up', 'answered', 'abandoned', 'overflowed'));
alter table queue_entries add column picked_up_at timestamptz;

-- A status chosen while a call rings or is in progress takes effect when that call (and its wrap-up) is over.
alter table workers add column pending_status text check (pending_status in ('available', 'pause', 'offline'));
alter table workers add column pending_since timestamptz;
-- A pause the router imposed after missed offers (autopause), shown as such; a worker's own choice clears it.
alter table workers add column auto_paused boolean not null default false;

-- Status callbacks for a call not (yet) stored are kept with no call row; a late or journaled start links them.
create index call_events_unlinked on call_events (call_sid) where call_id is null;
