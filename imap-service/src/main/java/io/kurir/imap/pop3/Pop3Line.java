package io.kurir.imap.pop3;

/** One unit of client input: a complete line, or the news that a line was longer than allowed. */
public sealed interface Pop3Line {

    /** A line without its CRLF (a bare LF ends a line too, as in Dovecot), decoded as ISO-8859-1 so every byte survives. */
    record Line(String text) implements Pop3Line {
    }

    /** A line over the limit (RFC 2449 section 4: 255 octets with CRLF). Dovecot answers and disconnects. */
    record TooLong() implements Pop3Line {
    }
}
