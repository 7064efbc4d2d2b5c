package io.kurir.mime.sort;

/**
 * SORT keys: RFC 5256 §3, plus DISPLAYFROM and DISPLAYTO from RFC 5957 §3. The names match the IMAP atoms, so a
 * parsed command's key maps over with {@code SortKey.valueOf(name)}.
 */
public enum SortKey {
    /** INTERNALDATE. */
    ARRIVAL,
    /** addr-mailbox (local part) of the first Cc address. */
    CC,
    /** Sent date (Date:, in UTC), INTERNALDATE when there is none. */
    DATE,
    /** addr-mailbox (local part) of the first From address. */
    FROM,
    /** RFC822.SIZE. */
    SIZE,
    /** Base subject (RFC 5256 §2.1). */
    SUBJECT,
    /** addr-mailbox (local part) of the first To address. */
    TO,
    /** Decoded display name of the first From address, else its addr-spec (RFC 5957 §3). */
    DISPLAYFROM,
    /** Decoded display name of the first To address, else its addr-spec (RFC 5957 §3). */
    DISPLAYTO
}
