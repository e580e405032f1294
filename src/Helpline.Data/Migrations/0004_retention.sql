-- Statistics that outlive the retention period: the retention job adds each purged call here before deleting it
-- (issue "Keep the line answering…", retention). Per calendar day (local time of the line) and per outcome and menu
-- choice: counts and totals only, never a number, a hash or a call identifier.

create table call_daily_statistics (
    day                      date   not null,
    outcome                  text   not null,  -- the call's outcome, 'unknown' when none was recorded
    menu_choice              text   not null,  -- the first key chosen in a menu, 'none' when no key was
    calls                    int    not null,
    queued                   int    not null,  -- of those, callers who waited for a social worker
    duration_seconds         bigint not null,  -- total call time reported by the provider
    queue_wait_seconds       bigint not null,  -- total time waited in the queue
    primary key (day, outcome, menu_choice)
);
