-- V10's trigger copied the message's due time to every recipient, final ones too: each message paid
-- for rewriting its sent and bounced recipients when it became done and again when it was finished.
-- Only recipients that can still be scheduled (pending, or in flight and pending again after their
-- report) need it, and only when something changed.
create or replace function queue_recipients_follow() returns trigger language plpgsql as $$
declare
    new_due timestamptz := case when new.state in ('active', 'deferred') then new.next_attempt else 'infinity' end;
begin
    update queue_recipients
       set due = new_due, retry = new.attempts > 0
     where queue_id = new.queue_id
       and status in ('pending', 'inflight')
       and (due, retry) is distinct from (new_due, new.attempts > 0);
    return null;
end $$;
