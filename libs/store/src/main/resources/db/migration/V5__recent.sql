-- IMAP \Recent (RFC 3501 2.3.2), kept as Dovecot keeps it: messages with a UID at or above
-- first_recent_uid have not yet been seen by any session that selected the mailbox read-write.
alter table mailboxes add column first_recent_uid bigint not null default 1;
-- existing mailboxes: nothing is recent
update mailboxes set first_recent_uid = uidnext;
