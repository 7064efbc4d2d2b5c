-- IMAP (RFC 3501, RFC 7162): new mailboxes take their UIDVALIDITY from a sequence, so a mailbox
-- deleted and created again under the same name never reuses one; expunged UIDs are kept with the
-- modseq of their removal for QRESYNC's VANISHED.
do $$
begin
    execute format('create sequence mailbox_uidvalidity start %s', extract(epoch from now())::bigint + 1);
end
$$;

create table expunged_messages (
    mailbox_id bigint not null references mailboxes (id) on delete cascade,
    uid        bigint not null,
    modseq     bigint not null,
    primary key (mailbox_id, uid)
);
create index expunged_messages_modseq on expunged_messages (mailbox_id, modseq);
