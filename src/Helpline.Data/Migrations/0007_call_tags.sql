-- Tags a flow puts on a call (a menu choice such as "cannot speak"; the line's own "called back after being cut off"):
-- said to the worker, shown on /poste and counted. Kept with the call row; counted per day before the row is purged.
alter table calls add column if not exists tags text[] not null default '{}';

create table if not exists call_daily_tag_statistics (
    day    date not null,
    tag    text not null,
    calls  int  not null,  -- calls that carried the tag, by the day they started (Europe/Paris)
    primary key (day, tag)
);
