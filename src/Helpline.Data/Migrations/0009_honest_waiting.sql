-- Honest waiting (issue 12, "5. Honest waiting").

-- What each waiting caller last heard of her position, and when: her hold polls may reach any instance, so this lives
-- with her queue entry, not in an instance's memory. A position is said again only when it is lower than the last one
-- she heard (written by one conditional UPDATE, so two instances never both say it).
alter table queue_entries add column if not exists announced_position int;
alter table queue_entries add column if not exists announced_at timestamptz;

-- The wait estimate reads the line's most recent answered calls: a short backward scan of this index, never all calls.
create index if not exists queue_entries_answered on queue_entries (ended_at) where status = 'answered';
