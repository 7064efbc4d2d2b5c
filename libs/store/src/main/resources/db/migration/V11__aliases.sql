-- Postfix's alias tables (rewrite-service expands them, smtp-gateway validates recipients against
-- them; libs/store AliasStore, ./kurir alias / virtual / aliases import):
--   local_aliases          aliases(5): a local name and what it expands to (names or addresses)
--   virtual_aliases        virtual(5): user@domain, a bare local part, or @domain, and its results
--   virtual_alias_domains  virtual_alias_domains: domains that exist only as aliases
create table local_aliases (
    name       text        primary key check (name <> '' and name = lower(name)),
    targets    text[]      not null check (cardinality(targets) > 0),
    updated_at timestamptz not null default now()
);

create table virtual_aliases (
    pattern    text        primary key check (pattern <> '' and pattern = lower(pattern)),
    targets    text[]      not null check (cardinality(targets) > 0),
    updated_at timestamptz not null default now()
);

create table virtual_alias_domains (
    domain     text        primary key check (domain <> '' and domain = lower(domain)),
    updated_at timestamptz not null default now()
);

-- One row: raised by every statement that changes one of the three tables (also by hand, in psql),
-- in the same transaction. Readers cache the tables with the counter and reload when it moves.
create table alias_version (
    singleton boolean primary key default true check (singleton),
    version   bigint  not null
);
insert into alias_version (version) values (1);

create function alias_version_bump() returns trigger language plpgsql as $$
begin
    update alias_version set version = version + 1;
    return null;
end
$$;

create trigger local_aliases_changed after insert or update or delete or truncate on local_aliases
    for each statement execute function alias_version_bump();
create trigger virtual_aliases_changed after insert or update or delete or truncate on virtual_aliases
    for each statement execute function alias_version_bump();
create trigger virtual_alias_domains_changed after insert or update or delete or truncate on virtual_alias_domains
    for each statement execute function alias_version_bump();
