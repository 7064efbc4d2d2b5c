-- Blob deletion checks "no message references this blob": without an index that scans every message.
create index messages_blob_id on messages (blob_id);
