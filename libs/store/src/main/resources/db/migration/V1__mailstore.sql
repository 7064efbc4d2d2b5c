-- Accounts, mailboxes and messages in the shape IMAP needs (RFC 3501 / RFC 7162), the blob store,
-- and the idempotency keys of local delivery.

create table accounts (
    id            bigserial primary key,
    name          text        not null unique,   -- local part, lower case; a local user gets mail for every mydestination domain
    password_hash text        not null,          -- {PBKDF2-SHA256}iterations$salt$hash, never plain text
    created_at    timestamptz not null default now()
);

create table mailboxes (
    id             bigserial primary key,
    account_id     bigint      not null references accounts (id) on delete cascade,
    name           text        not null,          -- IMAP name with "/" hierarchy, INBOX in upper case
    uidvalidity    bigint      not null,
    uidnext        bigint      not null default 1,
    highest_modseq bigint      not null default 1,
    special_use    text,                          -- \Sent, \Drafts, \Trash, \Junk, \Archive (RFC 6154)
    subscribed     boolean     not null default true,
    created_at     timestamptz not null default now(),
    unique (account_id, name)
);

create table blobs (
    id         text        primary key,
    data       bytea       not null,
    size       bigint      not null,
    created_at timestamptz not null default now()
);

create table messages (
    id            bigserial   primary key,
    mailbox_id    bigint      not null references mailboxes (id) on delete cascade,
    uid           bigint      not null,
    modseq        bigint      not null,
    flags         text[]      not null default '{}',
    internal_date timestamptz not null,
    size          bigint      not null,
    blob_id       text        not null references blobs (id),
    unique (mailbox_id, uid)
);
create index messages_mailbox_modseq on messages (mailbox_id, modseq);

-- One row per (queue id, recipient) delivered locally: a redelivered Kafka record finds its row
-- and creates no second copy.
create table local_deliveries (
    queue_id     text        not null,
    recipient    text        not null,
    message_id   bigint      references messages (id) on delete set null,
    delivered_at timestamptz not null default now(),
    primary key (queue_id, recipient)
);
