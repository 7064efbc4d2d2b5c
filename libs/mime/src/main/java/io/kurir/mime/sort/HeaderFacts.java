package io.kurir.mime.sort;

import io.kurir.mime.HeaderBlock;
import io.kurir.mime.MimeMessage;
import io.kurir.mime.SentDate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a {@link SortInput} that comes from the header, and so belongs to the message's bytes rather than to
 * one copy of it in a mailbox: the raw values of Date, Subject, From, To, Cc, Message-ID, References and
 * In-Reply-To, the first occurrence of each, as byte strings (one char per raw byte, see {@link MimeMessage}).
 * Copies of a message share one set; the IMAP server keeps them once per stored message.
 */
public record HeaderFacts(Optional<String> date, Optional<String> subject,
                          Optional<String> from, Optional<String> to, Optional<String> cc,
                          Optional<String> messageId, Optional<String> references, Optional<String> inReplyTo) {

    /**
     * The version of what {@link #of} takes from a header and of {@link #sentAt}. Facts kept with another version
     * are computed again; raise it whenever either changes what it gives for the same bytes.
     */
    public static final int VERSION = 1;

    public HeaderFacts {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
    }

    /** The first occurrence of each field; later duplicates are ignored, as for ENVELOPE. */
    public static HeaderFacts of(HeaderBlock header) {
        return new HeaderFacts(header.value("Date"), header.value("Subject"),
                header.value("From"), header.value("To"), header.value("Cc"),
                header.value("Message-ID"), header.value("References"), header.value("In-Reply-To"));
    }

    /**
     * The facts of a whole message. Only the header is parsed: the bytes up to and including the first empty line
     * (CRLF CRLF), where the header ends at the latest.
     */
    public static HeaderFacts ofMessage(byte[] raw) {
        int end = headerEnd(raw);
        return of(MimeMessage.parse(end < 0 ? raw : Arrays.copyOf(raw, end)).root().header());
    }

    /** The Date: header as a moment (RFC 5256 §2.2); empty when it is missing or not a date. */
    public Optional<Instant> sentAt() {
        return date.flatMap(SentDate::instant);
    }

    /** These facts for one message of a mailbox. */
    public SortInput input(long sequence, long uid, Instant internalDate, long size) {
        return new SortInput(sequence, uid, internalDate, size, date, subject, from, to, cc, messageId, references, inReplyTo);
    }

    /** Just after the first CRLF CRLF, or -1. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
