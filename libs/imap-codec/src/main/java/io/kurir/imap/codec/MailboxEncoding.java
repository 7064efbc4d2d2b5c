package io.kurir.imap.codec;

/** How mailbox names are written on the wire in a session. */
public enum MailboxEncoding {
    /**
     * IMAP4rev1: modified UTF-7 (RFC 3501 section 5.1.3). Names are 7-bit; anything outside
     * printable US-ASCII is encoded. The default until the client enables one of the below.
     */
    MODIFIED_UTF7,
    /**
     * UTF-8 as is: after {@code ENABLE UTF8=ACCEPT} (RFC 6855 section 3) or {@code ENABLE IMAP4rev2}
     * (RFC 9051 section 5.1). A name such as {@code &AOQ-} is then just that string.
     */
    UTF8
}
