-- Postfix's header_checks and body_checks as imported by `./kurir checks import header|body FILE`
-- (regexp_table(5) text, kept as written so `./kurir checks show` gives back the file), and the
-- corrupt queue: messages rewrite-service could not process, kept for the administrator.
create table content_checks (
    kind        text        primary key check (kind in ('header', 'body')),
    source_name text        not null,                -- the imported file's name, for log lines (file:line)
    rules       text        not null,
    updated_at  timestamptz not null default now()
);

-- One row, raised by every change of content_checks in the same transaction (as alias_version).
create table content_checks_version (
    singleton boolean primary key default true check (singleton),
    version   bigint  not null
);
insert into content_checks_version (version) values (1);

create function content_checks_version_bump() returns trigger language plpgsql as $$
begin
    update content_checks_version set version = version + 1;
    return null;
end
$$;

create trigger content_checks_changed after insert or update or delete or truncate on content_checks
    for each statement execute function content_checks_version_bump();

-- mail.corrupt, as queue-service keeps it (Postfix's corrupt queue directory): what arrived, why it
-- could not be processed, and the queue file it names (kept until the entry is deleted).
create table corrupt_messages (
    queue_id    text        primary key,
    reason      text        not null,
    record      text        not null,                -- the maildrop record as it was on Kafka (cut at 64 KB)
    blob_id     text,                                -- the raw queue file, when the record names one
    reported_at timestamptz not null,
    received_at timestamptz not null default now()
);
