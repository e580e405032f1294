-- Calls, their event log, flow versions, the hours override and service events.
-- Caller numbers: only a keyed hash (caller_hash); caller_number stays null unless an operator turns storage on.

create table calls (
    id               bigint generated always as identity primary key,
    call_sid         text        not null unique,
    account_sid      text,
    caller_hash      text,
    caller_number    text,
    called_number    text,
    flow_name        text        not null,
    flow_hash        text        not null,
    state            text        not null,
    step             int         not null,
    attempt          int         not null default 0,
    outcome          text,
    last_twiml       text,
    started_at       timestamptz not null,
    updated_at       timestamptz not null,
    ended_at         timestamptz,
    provider_status  text,
    duration_seconds int
);
create index calls_open on calls (ended_at) where ended_at is null;
create index calls_started_at on calls (started_at);
create index calls_caller_hash on calls (caller_hash);

-- Append-only: every webhook and transition of a call. call_id is null for events about calls we never saw.
create table call_events (
    id        bigint generated always as identity primary key,
    call_id   bigint references calls (id) on delete cascade,
    call_sid  text        not null,
    at        timestamptz not null,
    kind      text        not null,
    step      int,
    from_state text,
    to_state  text,
    trigger   text,
    detail    jsonb
);
create index call_events_call on call_events (call_id, id);

-- Every flow version that served a call, so a restarted instance can finish calls begun on an older version.
create table flow_versions (
    hash            text primary key,
    name            text        not null,
    source_path     text        not null,
    content         text        not null,
    first_loaded_at timestamptz not null
);

-- The operators' run-time exceptional opening or closing (at most one at a time).
create table hours_override (
    id     int primary key check (id = 1),
    mode   text        not null check (mode in ('open', 'closed')),
    until  timestamptz not null,
    reason text        not null,
    set_at timestamptz not null,
    set_by text
);

create table service_events (
    id     bigint generated always as identity primary key,
    at     timestamptz not null,
    kind   text        not null,
    detail jsonb
);
