-- The header facts SORT, THREAD and SEARCH FROM/TO/CC/SUBJECT/SENT* look at (docs/adr/0010), one row per
-- blob: a blob never changes, and copies of a message share it. Written when a message is stored, or by
-- imap-service when it first needs them; a row of an older facts_version is computed again.
-- The hdr_* columns hold the raw bytes of the first field of that name in the header (as the message
-- has it: not unfolded, not decoded), null when the message has no such field.
create table message_facts (
    blob_id            text        primary key references blobs (id) on delete cascade,
    facts_version      smallint    not null,
    sent_at            timestamptz,         -- the Date: header as a moment; null when missing or not a date
    hdr_date           bytea,
    hdr_subject        bytea,
    hdr_from           bytea,
    hdr_to             bytea,
    hdr_cc             bytea,
    hdr_message_id     bytea,
    hdr_references     bytea,
    hdr_in_reply_to    bytea
);
