-- One consent is one request (review of issue 13): a provider retry of her confirmation webhook, or the /poste wrap-up
-- form sent twice, recorded a second request for the same call, so she would be called back twice. At most one request
-- is pending per asking call (call_sid); CallbackStore.RequestAsync inserts with ON CONFLICT DO NOTHING against this
-- index and answers the request already recorded.

-- Requests already recorded twice for one call: the oldest is kept, the later ones end as cancelled ('duplicate'), their
-- numbers erased and their turns closed, so the index can be built. A worker whose phone is on one of those turns is
-- told it is cancelled and freed when their call ends.
with duplicates as (
    update callback_requests r set status = 'cancelled', number_protected = null, ended_at = now(), end_detail = 'duplicate'
    where r.status = 'pending' and r.call_sid is not null
      and exists (select 1 from callback_requests o where o.call_sid = r.call_sid and o.status = 'pending' and o.id < r.id)
    returning r.id)
update queue_entries q set status = 'closed', ended_at = now()
from duplicates d
where q.callback_id = d.id and q.status in ('scheduled', 'waiting', 'offered', 'picked-up');

create unique index if not exists callback_requests_one_pending_per_call on callback_requests (call_sid) where status = 'pending';
