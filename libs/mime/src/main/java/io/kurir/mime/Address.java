package io.kurir.mime;

import java.util.Optional;

/**
 * One entry of an address list as IMAP's ENVELOPE carries it (RFC 3501 §7.4.2): a mailbox, or the start or end
 * marker of an RFC 5322 §3.4 group. All strings are byte strings (see {@link MimeMessage}), encoded words undecoded.
 */
public sealed interface Address permits Address.Mailbox, Address.GroupStart, Address.GroupEnd {

    /** Dovecot's placeholder for a missing local part. */
    String MISSING_MAILBOX = "MISSING_MAILBOX";
    /** Dovecot's placeholder for a missing domain. */
    String MISSING_DOMAIN = "MISSING_DOMAIN";

    /**
     * A mailbox. Like Dovecot, a missing local part is {@value Address#MISSING_MAILBOX} and a missing domain
     * {@value Address#MISSING_DOMAIN}.
     *
     * @param name the display name (phrase words joined by one space), or the text of a comment after a bare
     *     address ({@code a@b (Jane)})
     * @param route an obsolete source route ({@code @relay.example}), RFC 5322 §4.4
     */
    record Mailbox(Optional<String> name, Optional<String> route, String mailbox, String host) implements Address {
    }

    /** {@code name:} opening a group; IMAP writes it as {@code (NIL NIL "name" NIL)}. */
    record GroupStart(String name) implements Address {
    }

    /** The {@code ;} closing a group; IMAP writes it as {@code (NIL NIL NIL NIL)}. */
    record GroupEnd() implements Address {
    }
}
