package io.kurir.mime.sort;

import io.kurir.mime.HeaderBlock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What SORT and THREAD need to know about one message (RFC 5256 §2.1, §2.2, §3): its numbers and mailbox data, and
 * the raw values of the header fields the keys are taken from. Header values are byte strings, one char per raw
 * byte, as {@link io.kurir.mime.HeaderField#value()} gives them; they are decoded here, not by the caller.
 *
 * @param sequence the message sequence number, SORT's final tie-breaker (RFC 5256 §3)
 * @param uid the UID, for callers that answer UID SORT / UID THREAD
 * @param internalDate INTERNALDATE: the ARRIVAL key, and the sent date when Date: is missing or unparseable (§2.2)
 * @param size RFC822.SIZE, the SIZE key
 */
public record SortInput(long sequence, long uid, Instant internalDate, long size,
                        Optional<String> date, Optional<String> subject,
                        Optional<String> from, Optional<String> to, Optional<String> cc,
                        Optional<String> messageId, Optional<String> references, Optional<String> inReplyTo) {

    public SortInput {
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
    }

    /**
     * Takes the first occurrence of each field from a parsed header (usually
     * {@code MimeMessage.parse(raw).root().header()}); later duplicates are ignored, as for ENVELOPE.
     */
    public static SortInput of(long sequence, long uid, Instant internalDate, long size, HeaderBlock header) {
        return HeaderFacts.of(header).input(sequence, uid, internalDate, size);
    }
}
