-- Protecting the line from abusers and saturation (issue 14).

-- A flag on a caller's keyed hash (never a number): 'blocked' (she hears the emergency numbers, then the call ends) or
-- 'watch' (the worker is warned). A worker's report at wrap-up is 'proposed' until a supervisor confirms it. One active
-- flag per hash. Kept for the audit, with every change in caller_flag_events.
create table if not exists caller_flags (
    id           bigserial   primary key,
    caller_hash  text        not null,
    kind         text        not null check (kind in ('blocked', 'watch')),
    reason       text        not null,
    note         text,
    status       text        not null check (status in ('proposed', 'active', 'lifted', 'rejected')),
    call_sid     text,
    created_by   text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    review_at    timestamptz not null,
    decided_by   text,
    decided_at   timestamptz
);
create unique index if not exists caller_flags_one_active on caller_flags (caller_hash) where status = 'active';

create table if not exists caller_flag_events (
    id       bigserial   primary key,
    flag_id  bigint      not null references caller_flags (id),
    at       timestamptz not null,
    actor    text        not null,
    action   text        not null,
    detail   jsonb
);
create index if not exists caller_flag_events_flag on caller_flag_events (flag_id, id);

-- What the call's creation found: the active flag (if any) and whether she must pass the keypad challenge before
-- being queued (null: no; 'required', then 'passed' or 'failed').
alter table calls add column if not exists flag_id bigint;
alter table calls add column if not exists challenge text;

-- Saturation mode: while it lasts, every new caller passes the keypad challenge before the queue. One row at most.
create table if not exists saturation_mode (
    id      int         primary key check (id = 1),
    until   timestamptz not null,
    reason  text        not null,
    set_by  text        not null,
    set_at  timestamptz not null
);
