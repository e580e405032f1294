-- Supervisors' alerts (issue 14, "Alerts on /supervision"): one row per alert, from its start to its end.
-- Numbered 0012: 0010 and 0011 are kept for the caller policies and the call-backs of the same issue round.

-- scope: '' for a condition of the whole line, read from the database (every instance computes the same one); an
-- instance's name for what only that instance knows (PostgreSQL unreachable from it, its journal, its refused flow).
-- The partial unique index is what decides between instances: at most one open row per kind and scope, so of two
-- instances that see the same start only one inserts it, and of two that see its end only one closes it.
-- measure: what was measured when it started (a wait in seconds, a count, a rate) — never a number, a hash or a note.
create table alert_events (
    id         bigint generated always as identity primary key,
    kind       text        not null,
    scope      text        not null default '',
    started_at timestamptz not null,
    ended_at   timestamptz,
    measure    jsonb,
    started_by text        not null,
    ended_by   text,
    checked_at timestamptz not null
);
create unique index alert_events_open on alert_events (kind, scope) where ended_at is null;
create index alert_events_started_at on alert_events (started_at);

-- The line-wide alerts read, every few seconds on every instance, the oldest caller not yet with a worker and the
-- queue's exits of the last hour: two small index probes instead of scans of a year of queue entries.
create index if not exists queue_entries_not_with_worker on queue_entries (joined_at) where status in ('waiting', 'offered');
create index if not exists queue_entries_ended_at on queue_entries (ended_at) where ended_at is not null;
