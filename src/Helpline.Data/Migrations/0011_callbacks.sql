-- Safe call-backs with recorded consent (issue 13). Numbered 0011, not 0010: 0010 is left to the caller-flags work
-- (issue 14) done beside this one, so the two can land in either order.

-- One row per call-back request, with the caller's consent as she confirmed it. The number is kept only encrypted (ASP.NET
-- Core Data Protection, the dashboard's key ring) and only while the request is pending: it is erased (set to null) in
-- the statement that ends the request, whatever ends it.
create table if not exists callback_requests (
    id                 int generated always as identity primary key,
    call_sid           text,                    -- the call that asked for it (or, at wrap-up, the call it follows)
    caller_hash        text,                    -- keyed hash of the From of that call: she cancels by calling again
    number_hash        text,                    -- keyed hash of the number to call: calling again from it cancels too
    number_protected   text,                    -- the number, encrypted; null once the request has ended
    window_name        text        not null,    -- 'des-que-possible' or the flow's window name
    window_from        timestamptz not null,
    window_to          timestamptz not null,
    message_allowed    boolean     not null default false,
    caller_id          text        not null default 'helpline' check (caller_id in ('helpline', 'neutral')),
    summary            text        not null,    -- the summary she confirmed, without the number
    consented_at       timestamptz not null,
    source             text        not null default 'caller' check (source in ('caller', 'worker')),
    worker_id          int references workers (id), -- who recorded it at wrap-up (source 'worker')
    menu_choice        text,
    tags               text[]      not null default '{}',
    flow_hash          text,
    helpline_number    text,                    -- the helpline's number she called: the caller ID shown by default
    status             text        not null default 'pending'
                       check (status in ('pending', 'reached', 'not-reached', 'expired', 'cancelled')),
    attempts           int         not null default 0,   -- times the caller's number was dialled
    attempt_offer      int,                      -- the offer (queue_entries.offers) during which it was last dialled
    ended_at           timestamptz,
    end_detail         text                      -- why it ended (supervisor's cancel, caller's cancel, attempts…)
);
create index if not exists callback_requests_pending_hash on callback_requests (caller_hash) where status = 'pending';
create index if not exists callback_requests_pending_number on callback_requests (number_hash) where status = 'pending';
create index if not exists callback_requests_consented on callback_requests (consented_at);

-- A request waits in the one queue as an entry of kind 'callback' (call_sid 'callback:<id>'), keeping the place in line
-- (priority_at) and the class of the call that asked for it. It is 'scheduled' until its turn (not_before: the window's
-- start, or the next attempt), 'waiting' within its window, then offered, picked up and answered like a call; 'closed'
-- when the request ended otherwise. The call that asked leaves the queue as 'callback'.
alter table queue_entries add column if not exists kind text not null default 'call';
alter table queue_entries add column if not exists callback_id int references callback_requests (id);
alter table queue_entries add column if not exists not_before timestamptz;
alter table queue_entries add column if not exists window_to timestamptz;
alter table queue_entries drop constraint if exists queue_entries_status_check;
alter table queue_entries add constraint queue_entries_status_check
    check (status in ('waiting', 'offered', 'picked-up', 'answered', 'abandoned', 'overflowed', 'callback', 'scheduled', 'closed'));
alter table queue_entries drop constraint if exists queue_entries_kind_check;
alter table queue_entries add constraint queue_entries_kind_check check (kind in ('call', 'callback'));
-- The sweep finds the requests whose turn has come, or whose window has passed, in one probe.
create index if not exists queue_entries_callback_turn on queue_entries (not_before) where kind = 'callback' and status in ('scheduled', 'waiting');
