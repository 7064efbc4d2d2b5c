-- Storage quota per account (IMAP QUOTA, RFC 9208): null means the service's quota-storage-limit
-- applies, 0 means no limit, anything else is the limit in octets.
alter table accounts add column quota_bytes bigint check (quota_bytes is null or quota_bytes >= 0);
