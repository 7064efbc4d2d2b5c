-- qmgr schedules per destination (ADR 0009, "Scheduling cost"). A scheduling pass asks, for each
-- destination with a free place in its window, for its oldest due recipients; so that this is an
-- index range scan however long the backlog is, a pending recipient carries its destination and
-- when it is due. `due` and `retry` follow the message: a trigger copies next_attempt (infinity
-- while the message is held or done) and whether it was tried before (new and deferred mail take
-- turns, as Postfix's qmgr alternates its incoming and deferred queues).
alter table queue_recipients
    add column destination text,
    add column due timestamptz,
    add column retry boolean not null default false;

update queue_recipients r
   set destination = case when r.transport = 'local' then 'local:' || r.mailbox
                          else r.transport || ':' || r.nexthop end,
       due = case when m.state in ('active', 'deferred') then m.next_attempt else 'infinity' end,
       retry = m.attempts > 0
  from queue_messages m
 where m.queue_id = r.queue_id;

alter table queue_recipients
    alter column destination set not null,
    alter column due set not null;

-- A recipient inserted without them (queue-service sets them; so need not anyone else) gets them here.
create function queue_recipients_fill() returns trigger language plpgsql as $$
begin
    if new.destination is null then
        new.destination := case when new.transport = 'local' then 'local:' || new.mailbox
                                else new.transport || ':' || new.nexthop end;
    end if;
    if new.due is null then
        select case when m.state in ('active', 'deferred') then m.next_attempt else 'infinity' end, m.attempts > 0
          into new.due, new.retry
          from queue_messages m where m.queue_id = new.queue_id;
    end if;
    return new;
end $$;

create trigger queue_recipients_insert before insert on queue_recipients
    for each row execute function queue_recipients_fill();

create index queue_recipients_due on queue_recipients (destination, retry, due, queue_id) where status = 'pending';

create function queue_recipients_follow() returns trigger language plpgsql as $$
begin
    update queue_recipients
       set due = case when new.state in ('active', 'deferred') then new.next_attempt else 'infinity' end,
           retry = new.attempts > 0
     where queue_id = new.queue_id;
    return null;
end $$;

create trigger queue_messages_schedule after update of next_attempt, attempts, state on queue_messages
    for each row
    when (old.next_attempt is distinct from new.next_attempt or old.attempts is distinct from new.attempts
          or old.state is distinct from new.state)
    execute function queue_recipients_follow();
