package io.kurir.mime.sort;

import io.kurir.mime.SentDate;
import java.time.Instant;
import java.util.Comparator;

/**
 * A message with the values THREAD works with, each computed once: its sent date and its base subject.
 *
 * @param sentDate the Date: header in UTC, or INTERNALDATE when it is missing or unparseable (RFC 5256 §2.2)
 * @param subjectKey the base subject in {@code i;unicode-casemap} form, what threads are grouped by
 */
record MessageFacts(SortInput input, Instant sentDate, BaseSubject subject, String subjectKey) {

    /** By sent date, then by sequence number (RFC 5256 §3: ORDEREDSUBJECT, REFERENCES steps 4 and 6). */
    static final Comparator<MessageFacts> BY_SENT_DATE =
            Comparator.comparing(MessageFacts::sentDate).thenComparingLong(MessageFacts::sequence);

    static MessageFacts of(SortInput input) {
        BaseSubject subject = BaseSubject.of(input.subject().orElse(""));
        return new MessageFacts(input, sentDateOf(input), subject, subject.key());
    }

    long sequence() {
        return input.sequence();
    }

    static Instant sentDateOf(SortInput input) {
        return input.date().flatMap(SentDate::instant).orElse(input.internalDate());
    }
}
