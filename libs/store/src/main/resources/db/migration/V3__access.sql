-- Postfix access(5) tables for the gateway's check_client_access, check_helo_access,
-- check_sender_access and check_recipient_access (libs/store AccessStore, ./kurir access).

create table access_entries (
    kind       text        not null check (kind in ('client', 'helo', 'sender', 'recipient')),
    key        text        not null check (key <> ''),  -- normalized by AccessKind.normalizeKey: lower case, canonical addresses
    action     text        not null check (action <> ''), -- as written: OK, DUNNO, REJECT [text], DEFER [text], 4NN text, 5NN text
    updated_at timestamptz not null default now(),
    primary key (kind, key)
);

-- One row: a counter raised by every statement that changes access_entries (also by hand, in psql),
-- in the same transaction. A gateway caches the tables with the counter and reloads them when it moves.
create table access_version (
    singleton boolean primary key default true check (singleton),
    version   bigint  not null
);
insert into access_version (version) values (1);

create function access_version_bump() returns trigger language plpgsql as $$
begin
    update access_version set version = version + 1;
    return null;
end
$$;

create trigger access_entries_changed after insert or update or delete or truncate on access_entries
    for each statement execute function access_version_bump();
