-- Domain classes beyond mydestination (Postfix's virtual_mailbox_domains and relay_domains; the
-- virtual alias domains are in virtual_alias_domains, V11) and Postfix's canonical maps. Both are
-- address-rewriting tables: every change raises alias_version, so the services' cached alias
-- tables (rewrite-service, smtp-gateway) are reread with them.
--   mail_domains    virtual-mailbox: each address is an account named user@domain (virtual(8));
--                   relay: accepted from any client and sent on by SMTP (relay_domains)
--   canonical_maps  canonical(5) lookups: common (canonical_maps), sender (sender_canonical_maps),
--                   recipient (recipient_canonical_maps); pattern user@domain, user or @domain
create table mail_domains (
    domain       text        primary key check (domain <> '' and domain = lower(domain)),
    domain_class text        not null check (domain_class in ('virtual-mailbox', 'relay')),
    updated_at   timestamptz not null default now()
);

create table canonical_maps (
    map_class  text        not null check (map_class in ('common', 'sender', 'recipient')),
    pattern    text        not null check (pattern <> '' and pattern = lower(pattern)),
    result     text        not null check (result <> ''),
    updated_at timestamptz not null default now(),
    primary key (map_class, pattern)
);

create trigger mail_domains_changed after insert or update or delete or truncate on mail_domains
    for each statement execute function alias_version_bump();
create trigger canonical_maps_changed after insert or update or delete or truncate on canonical_maps
    for each statement execute function alias_version_bump();
