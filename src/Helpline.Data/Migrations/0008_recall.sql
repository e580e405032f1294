-- A caller cut off who calls back soon (issue "Discretion and continuity"): she goes to the front of the queue
-- (priority, higher first), and for a few seconds only the worker she spoke to may take her (preferred_worker_id
-- until preferred_until). calls.recall_worker_id keeps that worker from the call's creation to its queue join.
alter table queue_entries add column if not exists priority smallint not null default 0;
alter table queue_entries add column if not exists preferred_worker_id int references workers (id);
alter table queue_entries add column if not exists preferred_until timestamptz;
alter table calls add column if not exists recall_worker_id int;

-- The queue's order (Helpline.Core.Routing.QueueOrder): class first, then place in line.
drop index if exists queue_entries_waiting;
create index if not exists queue_entries_waiting_order on queue_entries (priority desc, priority_at, joined_at, call_sid) where status = 'waiting';
-- The callers reserved for a worker, found in one probe whatever the queue's length.
create index if not exists queue_entries_reserved on queue_entries (preferred_worker_id, priority desc, priority_at, joined_at, call_sid)
    where status = 'waiting' and preferred_worker_id is not null;
