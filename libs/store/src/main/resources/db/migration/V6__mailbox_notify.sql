-- Every change to a mailbox (delivery, APPEND, flags, EXPUNGE, COPY/MOVE) moves its highest_modseq;
-- PostgreSQL then tells every listening imap-service replica which mailbox changed, at commit, so an
-- idling client hears of new mail at once instead of at the next poll.
create function kurir_mailbox_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('kurir_mailbox', new.id::text);
    return null;
end
$$;

create trigger mailbox_changed after update of highest_modseq on mailboxes
    for each row when (new.highest_modseq is distinct from old.highest_modseq)
    execute function kurir_mailbox_changed();
