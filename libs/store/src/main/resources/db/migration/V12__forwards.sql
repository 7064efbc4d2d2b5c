-- Per-account forwarding, the ~/.forward of a Postfix box (./kurir forward set|clear NAME): local(8)
-- sends the account's mail to these addresses instead of its mailbox, or as well when keep_copy is
-- set (a .forward that lists \user). Expanded by rewrite-service with the alias tables, so a change
-- raises alias_version too.
create table account_forwards (
    account    text        primary key references accounts (name) on delete cascade,
    targets    text[]      not null check (cardinality(targets) > 0),
    keep_copy  boolean     not null default false,
    updated_at timestamptz not null default now()
);

create trigger account_forwards_changed after insert or update or delete or truncate on account_forwards
    for each statement execute function alias_version_bump();
