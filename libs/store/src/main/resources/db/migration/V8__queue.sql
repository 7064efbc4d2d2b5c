-- Postfix's queue directories as tables (queue-service, ADR 0009). A message stays here from the
-- moment qmgr takes it from mail.incoming until every recipient has a final outcome and its
-- notices (bounce, success DSN) are submitted; then its rows and its queue file are removed.
--
-- state: 'active'   new or released mail, due at next_attempt (postqueue -p marks it *)
--        'deferred' at least one temporary failure; due at next_attempt
--        'hold'     kept by the administrator (postsuper -h), never scheduled (postqueue -p: !)
--        'done'     every recipient final; notices still to be sent
--        'finishing' a queue-service replica is sending the notices (reset to done if it dies)
create table queue_messages (
    queue_id      text        primary key,
    arrival_time  timestamptz not null,
    sender        text        not null,                 -- '' is the null sender <>
    blob_id       text        not null,
    size          bigint      not null,
    message_id    text,
    dsn_ret       text,
    dsn_envid     text,
    smtputf8      boolean     not null default false,
    state         text        not null default 'active'
                  check (state in ('active', 'deferred', 'hold', 'done', 'finishing')),
    held_from     text,                                 -- the state a held message returns to
    next_attempt  timestamptz not null default now(),
    attempts      integer     not null default 0,
    last_attempt  timestamptz,
    delay_warned  boolean     not null default false,
    state_changed timestamptz not null default now()
);
create index queue_messages_due on queue_messages (next_attempt) where state in ('active', 'deferred');
create index queue_messages_done on queue_messages (state) where state in ('done', 'finishing');

-- status: 'pending'  to be tried when the message is due (reason = the last temporary failure, if any)
--         'inflight' in a delivery request on mail.active (request_id)
--         'sent' / 'bounced' final
create table queue_recipients (
    queue_id         text        not null references queue_messages (queue_id) on delete cascade,
    seq              integer     not null,
    address          text        not null,
    original_address text        not null,
    transport        text        not null,
    nexthop          text        not null,
    mailbox          text        not null,
    notify           text[]      not null default '{}',
    orcpt            text,
    status           text        not null default 'pending'
                     check (status in ('pending', 'inflight', 'sent', 'bounced')),
    request_id       text,
    dsn_status       text,
    relay            text,
    reason           text,
    remote_mta       text,
    smtp_reply       text,
    expired          boolean     not null default false,
    updated_at       timestamptz not null default now(),
    primary key (queue_id, seq)
);
create index queue_recipients_request on queue_recipients (request_id) where request_id is not null;

-- Delivery requests on mail.active that have no report yet: the concurrency in use per destination.
create table queue_requests (
    request_id  text        primary key,
    queue_id    text        not null references queue_messages (queue_id) on delete cascade,
    destination text        not null,                   -- transport:nexthop, the mail.active key
    sent_at     timestamptz not null default now()
);
create index queue_requests_destination on queue_requests (destination);

-- Per destination: the concurrency window (slow start, back off on failure) and the dead-destination
-- cool-down. The row lock serialises replicas that schedule for the same destination.
create table queue_destinations (
    destination text        primary key,
    window_size integer     not null,
    failures    integer     not null default 0,          -- failed cohorts in a row
    dead_until  timestamptz,
    last_reason text,
    updated_at  timestamptz not null default now()
);
