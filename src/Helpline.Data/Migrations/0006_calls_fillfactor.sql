-- A call's row is updated at every step (state, step, outcome, the answer kept for provider retries) and never in an
-- indexed column: with room left on its page the update is HOT (no index entry is written), so each webhook's commit
-- writes less. The call row is about 1.5 kB (its last answer), so half a page is kept free.
alter table calls set (fillfactor = 50);
