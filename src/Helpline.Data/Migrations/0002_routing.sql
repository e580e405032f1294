-- The social workers and the queue of callers waiting for them (issue "Route queued calls to the four social workers").

create table workers (
    id               int generated always as identity primary key,
    name             text        not null unique,
    phone            text        not null,
    active           boolean     not null default true,
    status           text        not null default 'offline'
                     check (status in ('offline', 'available', 'ringing', 'on-call', 'wrap-up', 'pause')),
    status_since     timestamptz not null,
    idle_since       timestamptz,            -- when the worker last became available (longest-idle policy)
    missed_in_a_row  int         not null default 0,
    calls_answered   int         not null default 0,
    current_call_sid text,
    wrap_up_until    timestamptz
);

-- One row per caller who joined the queue. priority_at orders the queue: a caller whose offer failed keeps their place.
create table queue_entries (
    call_sid      text primary key,
    queue_name    text        not null,
    menu_choice   text,
    status        text        not null default 'waiting'
                  check (status in ('waiting', 'offered', 'answered', 'abandoned', 'overflowed')),
    joined_at     timestamptz not null,
    priority_at   timestamptz not null,
    worker_id     int references workers (id),
    offered_at    timestamptz,
    answered_at   timestamptz,
    ended_at      timestamptz,
    wait_seconds  int,
    offers        int         not null default 0
);
create index queue_entries_waiting on queue_entries (priority_at, joined_at) where status = 'waiting';
