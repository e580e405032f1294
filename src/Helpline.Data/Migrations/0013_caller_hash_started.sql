-- The call's creation counts the caller's calls of the last hour (the rate limit) and finds her latest earlier call
-- (a recall): both by her keyed hash and a time. A caller who called thousands of times (a saturation attempt) must
-- not make every one of her calls read all of them.
create index if not exists calls_caller_hash_started on calls (caller_hash, started_at) where caller_hash is not null;
